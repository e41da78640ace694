import { randomBytes } from 'node:crypto';
import { logger } from '../observability/logger';
import { AudienceBatch, type FeedDayDelta } from './audience-batch';
import type { AudienceStore } from './audience-store';
import type { Hit } from './hit';
import type { ReaderKeys } from './reader-keys';

export interface AudienceRecorderOptions {
  store: AudienceStore;
  readers: ReaderKeys;
  /** Flush when this many (day, feed) entries are held: the memory bound (a few KB each). @default 500 */
  maxEntries?: number;
  /** Hits waiting for a salt read at most; beyond, hits are dropped (and logged). @default 10_000 */
  maxPending?: number;
  log?: (line: string) => void;
}

/**
 * The local server's counting: hits go into an in-memory batch, which is written to the
 * table (one item per day and feed, lib/store/dynamo-audience-store.ts) on every
 * `flush()` — on a timer, when it holds `maxEntries`, and on close — exactly as the log
 * processor writes a log file's figures on AWS. A failed write is logged and that
 * batch's counts are lost rather than held without bound.
 */
export class AudienceRecorder {
  private batch: AudienceBatch;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly maxEntries: number;
  private readonly maxPending: number;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: AudienceRecorderOptions) {
    this.batch = new AudienceBatch(options.readers);
    this.maxEntries = options.maxEntries ?? 500;
    this.maxPending = options.maxPending ?? 10_000;
    this.log = options.log ?? ((line) => logger.warn(line));
  }

  /**
   * Counts a hit (never throws). A promised hit (its size still being measured) counts
   * when it resolves; `flush()` waits for it.
   */
  record(hit: Hit | Promise<Hit>): void {
    if (this.pending.size >= this.maxPending) {
      this.warn('audience hit dropped: too many waiting', {});
      return;
    }
    const adding = Promise.resolve(hit)
      .then((h) => this.batch.add(h))
      .then(() => {
        // A full batch leaves at once, written after those before it: it does not grow while a
        // slow write is waiting, and the hits after it do not each queue another flush.
        if (this.batch.size >= this.maxEntries) void this.write(this.batch.take());
      })
      .catch((error) => this.warn('audience hit not counted', { error: String(error) }))
      .finally(() => this.pending.delete(adding));
    this.pending.add(adding);
  }

  /** Writes what has been counted so far as one batch; resolves when it is in the table. */
  async flush(): Promise<void> {
    await Promise.all(this.pending);
    await this.write(this.batch.take());
  }

  /** Writes `deltas` as one batch, after the batches before it; a failed write is logged. */
  private write(deltas: FeedDayDelta[]): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!deltas.length) return;
      const batch = `local-${randomBytes(8).toString('hex')}`;
      try {
        await Promise.all(deltas.map((delta) => this.options.store.putDelta(delta, batch)));
      } catch (error) {
        this.warn('audience batch not written', { batch, entries: deltas.length, error: String(error) });
      }
    });
    return this.writing;
  }

  /** Flushes every `ms` milliseconds until `stop()`. */
  start(ms: number): void {
    this.timer = setInterval(() => void this.flush(), ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private warn(message: string, fields: Record<string, unknown>) {
    this.log(JSON.stringify({ level: 'warn', message, ...fields }));
  }
}
