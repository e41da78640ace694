import type { Output } from '../command';

/**
 * `[#####-----] 120/400` on stderr, redrawn in place, or `120 done` when the total is not
 * known (NDJSON is counted as it is read); nothing at all when stderr is not a terminal.
 */
export interface Progress {
  tick(): void;
  done(): void;
}

const WIDTH = 30;

export function renderProgress(done: number, total?: number): string {
  if (total === undefined) return `${done} done`;
  const filled = total === 0 ? WIDTH : Math.floor((done / total) * WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total}`;
}

export function createProgress(stream: Output, total?: number): Progress {
  if (!stream.isTTY) return { tick() {}, done() {} };
  let count = 0;
  stream.write(`\r${renderProgress(count, total)}`);
  return {
    tick() {
      count++;
      stream.write(`\r${renderProgress(count, total)}`);
    },
    done() {
      stream.write('\n');
    },
  };
}
