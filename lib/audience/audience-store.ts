import type { FeedDayDelta } from './audience-batch';
import type { FeedDay } from './feed-day';

/**
 * One stored item of a day's figures: a batch's (a log file, a flush of the local server),
 * or a feed's folded day (lib/audience/day-folding.ts), which lists the batches it holds.
 */
export interface DayItem {
  feed: string;
  batch: string;
  figures: FeedDay;
  /** On a folded day: the tags (batchTag) of the batches folded into it. */
  folded?: string[];
}

/** Where the figures live (lib/store/dynamo-audience-store.ts). */
export interface AudienceStore {
  /**
   * Writes one batch's figures for one day and feed, once: a second write of the same
   * (day, feed, batch) changes nothing and returns false.
   */
  putDelta(delta: FeedDayDelta, batch: string): Promise<boolean>;
  /** Every item of `day`, of one feed (a `feedKey`) or of all. */
  readDayItems(day: string, feed?: string): Promise<DayItem[]>;
}

/** What folding a finished day needs beyond reading and writing batches. */
export interface FoldingStore extends AudienceStore {
  /**
   * Every item of `day` a page at a time, in key order: each feed's items come together
   * (their keys share the prefix `{feed}@`), so a feed can be folded as soon as the next
   * one starts, holding one feed's items at a time, not the day's.
   */
  dayItemPages(day: string): AsyncIterable<DayItem[]>;
  /**
   * Writes a feed's folded day: a new one only if there is none, a replacement only if
   * the stored one still holds exactly `replacing` batches (another run did not move it).
   * False when the condition did not hold.
   */
  putFolded(day: string, item: DayItem & { folded: string[] }, replacing?: number): Promise<boolean>;
  /** Deletes batch items of one day and feed (the folded day holds their figures). */
  deleteBatches(day: string, feed: string, batches: string[]): Promise<void>;
}
