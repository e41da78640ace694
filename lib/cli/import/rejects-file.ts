import { type FileHandle, open } from 'node:fs/promises';
import type { ArticleBody, EntryLabel, Reason } from './mapped-entry';

/** One line of the rejects file (NDJSON): which entry, what the API said (or `null`), why, what we would have sent. */
export interface RejectedEntry {
  entry: EntryLabel;
  status: number | null;
  reasons: Reason[];
  /** The mapped article with its id, when mapping got that far: fix it and import the file as NDJSON. */
  article?: Partial<ArticleBody> & { id?: string };
}

export interface RejectsFile {
  add(rejected: RejectedEntry): Promise<void>;
  close(): Promise<void>;
}

/** Created (truncated) on the first rejected entry only; lines are written as they come. */
export function createRejectsFile(path: string): RejectsFile {
  let handle: Promise<FileHandle> | undefined;
  let writes: Promise<unknown> = Promise.resolve();
  return {
    add(rejected) {
      handle ??= open(path, 'w');
      const opened = handle;
      const write = writes.then(async () => (await opened).write(`${JSON.stringify(rejected)}\n`));
      writes = write;
      return write.then(() => undefined);
    },
    async close() {
      await writes;
      await (await handle)?.close();
    },
  };
}
