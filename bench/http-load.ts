import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { BUSY_MACHINE, otherCores, sampleLoad } from './machine';
import type { ChildMessage, ParentMessage, ServerKind } from './server';
import { median, percentile, round } from './stats';

/**
 * Cases (a)–(d): throughput over HTTP. Each server runs in its own Node process pinned
 * to one core (`taskset`, where the machine has two or more); the load generator
 * (autocannon, programmatic) runs here, pinned to the other core. Besides requests/s
 * and latency, each run reads the server's own CPU time, so "CPU per request" shows
 * the server's cost even if the load generator were the bottleneck.
 */

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Server {
  kind: ServerKind;
  url: string;
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

const canPin = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Pins this process (all its threads) to `core`; no-op without taskset. */
export function pinSelf(core: number): boolean {
  if (!canPin) return false;
  execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
  return true;
}

/** Starts a TypeScript entry of bench/ as a Node child with IPC, on `core` when pinning works. */
export function spawnBench(
  file: string,
  args: string[],
  { core, nodeFlags = [] }: { core?: number; nodeFlags?: string[] } = {},
): ChildProcess {
  const node = [process.execPath, '--import', 'tsx', ...nodeFlags, `${ROOT}bench/${file}`, ...args];
  const [command, ...rest] = canPin && core !== undefined ? ['taskset', '-c', String(core), ...node] : node;
  // stdout is discarded (the parent prints the results); stderr shows failures.
  return spawn(command!, rest, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

export async function startServer(
  kind: ServerKind,
  { core, init, nodeFlags }: { core?: number; init?: ParentMessage; nodeFlags?: string[] } = {},
): Promise<Server> {
  const child = spawnBench('server.ts', [kind], { core, nodeFlags });
  const next = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as Extract<ChildMessage, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`${kind} server exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = next('ready');
  if (init) child.send(init);
  const { port } = await ready;
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    async cpuMicros() {
      const answer = next('cpu');
      child.send({ type: 'cpu' } satisfies ParentMessage);
      return (await answer).micros;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'exit' } satisfies ParentMessage);
      }),
  };
}

export interface LoadCase {
  name: string;
  server: Server;
  path: string;
  headers?: Record<string, string>;
  expectStatus: number;
}

export interface LoadRun {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU time (user + system) per request, in microseconds. */
  serverCpuMicros: number;
  /** Server CPU busy share during the run (1 = one core saturated). */
  serverBusy: number;
  /** The load generator's CPU busy share: near 1, it (not the server) limits req/s. */
  clientBusy: number;
  /** Cores' worth of CPU used by everything else on the machine during the run (noise). */
  otherBusy: number;
}

export interface LoadResult extends LoadRun {
  name: string;
  rounds: LoadRun[];
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

/** One autocannon run; latencies come from its per-response times (its histogram keeps whole milliseconds only). */
function cannon(options: autocannon.Options): Promise<{ result: autocannon.Result; latencies: number[] }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) =>
      error ? reject(error) : resolve({ result, latencies }),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

async function runOnce(c: LoadCase, seconds: number, connections: number): Promise<LoadRun> {
  const cpuBefore = await c.server.cpuMicros();
  const ownBefore = process.cpuUsage();
  const load = sampleLoad();
  const { result, latencies } = await cannon({
    url: `${c.server.url}${c.path}`,
    headers: c.headers,
    connections,
    duration: seconds,
  });
  const own = process.cpuUsage(ownBefore);
  const cpu = (await c.server.cpuMicros()) - cpuBefore;
  const otherBusy = otherCores(load, cpu);
  const counted = result.statusCodeStats?.[String(c.expectStatus) as `${number}`]?.count ?? 0;
  const total = result.requests.total;
  if (result.errors > 0 || result.timeouts > 0 || counted < total) {
    throw new Error(
      `${c.name}: expected only ${c.expectStatus}s, got ${JSON.stringify(result.statusCodeStats)}, ` +
        `${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    requestsPerSecond: total / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    serverCpuMicros: cpu / total,
    serverBusy: cpu / (result.duration * 1e6),
    clientBusy: (own.user + own.system) / (result.duration * 1e6),
    otherBusy,
  };
}

/**
 * Runs every case `rounds` times, interleaved (all cases once per round, the order
 * rotated each round), each after its own warm-up; reports each figure's median over rounds.
 */
export async function runLoadCases(
  cases: LoadCase[],
  { rounds, ...options }: LoadOptions & { rounds: number },
  log: (line: string) => void = () => {},
): Promise<LoadResult[]> {
  const runs = cases.map(() => [] as LoadRun[]);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + r) % cases.length;
      const c = cases[i]!;
      await runOnce(c, options.warmupSeconds, options.connections);
      // Other work on the machine skews a run; retry a disturbed one (twice at most).
      let run = await runOnce(c, options.seconds, options.connections);
      for (let retry = 0; retry < 2 && run.otherBusy > BUSY_MACHINE; retry++) {
        run = await runOnce(c, options.seconds, options.connections);
      }
      runs[i]!.push(run);
      log(
        `  round ${r + 1}/${rounds} ${c.name}: ${Math.round(run.requestsPerSecond)} req/s, ` +
          `other work on the machine ${run.otherBusy.toFixed(2)} cores`,
      );
    }
  }
  const med = (i: number, key: keyof LoadRun) => median(runs[i]!.map((run) => run[key]));
  return cases.map((c, i) => ({
    name: c.name,
    requestsPerSecond: round(med(i, 'requestsPerSecond'), 0),
    p50Ms: round(med(i, 'p50Ms'), 3),
    p99Ms: round(med(i, 'p99Ms'), 3),
    serverCpuMicros: round(med(i, 'serverCpuMicros'), 1),
    serverBusy: round(med(i, 'serverBusy')),
    clientBusy: round(med(i, 'clientBusy')),
    otherBusy: round(med(i, 'otherBusy')),
    rounds: runs[i]!.map((run) => ({
      requestsPerSecond: round(run.requestsPerSecond, 0),
      p50Ms: round(run.p50Ms, 3),
      p99Ms: round(run.p99Ms, 3),
      serverCpuMicros: round(run.serverCpuMicros, 1),
      serverBusy: round(run.serverBusy),
      clientBusy: round(run.clientBusy),
      otherBusy: round(run.otherBusy),
    })),
  }));
}
