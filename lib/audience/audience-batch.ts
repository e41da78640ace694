import { classifyClient } from './classify';
import { INDIVIDUAL_FAMILIES } from './clients';
import { DistinctSketch } from './distinct-sketch';
import { emptyFeedDay, type FeedDay, isNewer } from './feed-day';
import { feedKey } from './feed-of-path';
import { countedFeed, type Hit } from './hit';
import type { ReaderKeys } from './reader-keys';

/** One feed's figures for one day, from one batch. */
export interface FeedDayDelta {
  day: string;
  /** lib/audience/feed-of-path.ts `feedKey`. */
  feed: string;
  figures: FeedDay;
}

/**
 * The figures of a batch of requests, per UTC day and feed: what the local server holds
 * between flushes and what the log processor computes from one log file. The same code
 * counts both, so a figure means the same locally and on AWS.
 */
export class AudienceBatch {
  private readonly days = new Map<string, FeedDayDelta>();

  constructor(private readonly readers: ReaderKeys) {}

  /** How many (day, feed) entries it holds: the bound on its memory (each is at most a few KB). */
  get size(): number {
    return this.days.size;
  }

  /** Counts `hit` if it is a feed request (see `countedFeed`); true when it counted. */
  async add(hit: Hit): Promise<boolean> {
    const feed = countedFeed(hit);
    if (!feed) return false;
    const day = hit.at.toISOString().slice(0, 10);
    const client = classifyClient(hit.userAgent, hit.partnerId);
    const readerHash = INDIVIDUAL_FAMILIES.includes(client.family)
      ? await this.readers.hash(day, hit.address, hit.userAgent)
      : undefined;

    const feedId = feedKey(feed);
    const key = `${day} ${feedId}`;
    let entry = this.days.get(key);
    if (!entry) {
      entry = { day, feed: feedId, figures: emptyFeedDay() };
      this.days.set(key, entry);
    }
    const f = entry.figures;
    f.requests++;
    if (hit.status === 304) f.notModified++;
    else f.ok++;
    f.bytes += Math.max(0, Math.trunc(hit.bytes) || 0);
    f.families[client.family] = (f.families[client.family] ?? 0) + 1;
    f.clients[client.client] = (f.clients[client.client] ?? 0) + 1;
    if (hit.partnerId) f.partners[hit.partnerId] = (f.partners[hit.partnerId] ?? 0) + 1;
    if (client.subscribers !== undefined) {
      const report = { subscribers: client.subscribers, at: hit.at.toISOString() };
      if (isNewer(report, f.aggregators[client.client])) f.aggregators[client.client] = report;
    }
    if (readerHash !== undefined) {
      const sketch = f.readers[client.family] ?? new DistinctSketch();
      sketch.add(readerHash);
      f.readers[client.family] = sketch;
    }
    return true;
  }

  /** Everything counted so far, and an empty batch afterwards. */
  take(): FeedDayDelta[] {
    const deltas = [...this.days.values()];
    this.days.clear();
    return deltas;
  }
}
