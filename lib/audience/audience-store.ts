import type { FeedDayDelta } from './audience-batch';

/** Where the figures live (lib/store/dynamo-audience-store.ts). */
export interface AudienceStore {
  /**
   * Writes one batch's figures for one day and feed, once: a second write of the same
   * (day, feed, batch) changes nothing and returns false.
   */
  putDelta(delta: FeedDayDelta, batch: string): Promise<boolean>;
  /** Every batch's figures of `day`, of one feed (a `feedKey`) or of all. */
  readDay(day: string, feed?: string): Promise<FeedDayDelta[]>;
}
