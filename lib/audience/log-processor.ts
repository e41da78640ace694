import { createHash } from 'node:crypto';
import { AudienceBatch } from './audience-batch';
import type { AudienceStore } from './audience-store';
import { parseCloudFrontLog } from './cloudfront-log';
import type { ReaderKeys } from './reader-keys';

/** One log file in S3, as its event names it: the ETag changes if the object is ever replaced. */
export interface LogObject {
  bucket: string;
  key: string;
  etag: string;
}

export interface LogResult {
  /** Lines that were requests. */
  hits: number;
  /** Of those, the feed requests that counted. */
  counted: number;
  skipped: number;
  /** (day, feed) items written now. */
  written: number;
  /** (day, feed) items already there from an earlier run: not counted again. */
  alreadyWritten: number;
}

/** Items written at once: a log file of a busy hour touches every feed. */
const PARALLEL_WRITES = 16;

/** The batch id of a log file: the same object (key and ETag) always gets the same id. */
export function logBatchId({ bucket, key, etag }: LogObject): string {
  return `log-${createHash('sha256').update(`${bucket}/${key}#${etag}`).digest('hex').slice(0, 24)}`;
}

/**
 * Adds one CloudFront log file to the daily figures, exactly once. The file's figures are
 * computed whole in memory (bounded by its feeds and days, not by its requests), then
 * written as one item per (day, feed) keyed by the file's batch id, each only if absent.
 * A run that crashes half-way leaves some items written; the retry computes the same
 * figures (same lines, same daily salt) and writes only the missing ones. So a file
 * processed twice, or a retry after a crash, never counts twice — and no marker has to be
 * kept in step with the counters.
 */
export async function processLog({
  object,
  lines,
  store,
  readers,
}: {
  object: LogObject;
  lines: AsyncIterable<string> | Iterable<string>;
  store: AudienceStore;
  readers: ReaderKeys;
}): Promise<LogResult> {
  const batch = new AudienceBatch(readers);
  const stats = { skipped: 0 };
  const result: LogResult = { hits: 0, counted: 0, skipped: 0, written: 0, alreadyWritten: 0 };
  for await (const hit of parseCloudFrontLog(lines, stats)) {
    result.hits++;
    if (await batch.add(hit)) result.counted++;
  }
  result.skipped = stats.skipped;
  const id = logBatchId(object);
  const deltas = batch.take();
  for (let i = 0; i < deltas.length; i += PARALLEL_WRITES) {
    const applied = await Promise.all(deltas.slice(i, i + PARALLEL_WRITES).map((d) => store.putDelta(d, id)));
    for (const wrote of applied) {
      if (wrote) result.written++;
      else result.alreadyWritten++;
    }
  }
  return result;
}
