import { createHash } from 'node:crypto';
import type { DayItem, FoldingStore } from './audience-store';
import { emptyFeedDay, type FeedDay, mergeFeedDay } from './feed-day';

/**
 * Folding finished days. Every batch (a CloudFront log file, a 10-second flush of the
 * local server) writes its own item per day and feed, so a busy day holds thousands of
 * items and a month's report reads them all. Once no batch can still arrive for a day,
 * its items are folded into one item per feed and then deleted.
 *
 * Without transactions (the embedded engine has none), safely: the folded item lists the
 * tags of the batches it holds, and readers (`countedItems`) skip any batch item whose tag
 * is listed, so a run that dies between writing the folded item and deleting the batches
 * counts nothing twice, and a log file processed again after its batch was deleted (an
 * SQS redelivery, a dead-letter redrive) adds nothing. A batch that arrives after the fold
 * is counted beside it and folded by the next run.
 */

/** The batch id of a folded day: '~' sorts after every batch id the store gives out. */
export const FOLDED_BATCH = '~folded';

/**
 * CloudFront delivers a log file up to a day after its requests (AWS: "usually within an
 * hour, up to 24 hours"); a day is folded once it ended two days ago.
 */
export const FOLD_AFTER_DAYS = 2;
/** Days looked at in each run: raw logs expire after 7 days, so nothing older can arrive. */
export const FOLD_WINDOW_DAYS = 8;

const DAY_MS = 86_400_000;

/** A short fixed-size name of a batch (72 bits of SHA-256): a folded day lists thousands. */
export const batchTag = (batch: string) =>
  createHash('sha256').update(batch).digest('base64url').slice(0, 12);

/** The items that count: a feed's folded day and each batch it does not hold. */
export function countedItems(items: DayItem[]): DayItem[] {
  const folded = new Map<string, Set<string>>();
  for (const item of items) if (item.folded) folded.set(item.feed, new Set(item.folded));
  return items.filter((item) => item.folded || !folded.get(item.feed)?.has(batchTag(item.batch)));
}

/** The days one run folds: from FOLD_WINDOW_DAYS ago to FOLD_AFTER_DAYS ago, oldest first. */
export function daysToFold(now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days: string[] = [];
  for (let ago = FOLD_WINDOW_DAYS; ago >= FOLD_AFTER_DAYS; ago--) {
    days.push(new Date(today - ago * DAY_MS).toISOString().slice(0, 10));
  }
  return days;
}

export interface FoldReport {
  /** Feeds whose folded day was written. */
  folded: number;
  /** Batch items deleted. */
  deleted: number;
  /** Feeds left for the next run: another run replaced their folded day meanwhile. */
  skipped: number;
}

/**
 * Folds one day's batches into one item per feed, then deletes them. The day is read a
 * page at a time and folded feed by feed, so memory holds one feed's items, not the day's.
 */
export async function foldDay(store: FoldingStore, day: string): Promise<FoldReport> {
  const report: FoldReport = { folded: 0, deleted: 0, skipped: 0 };
  let feedItems: DayItem[] = [];
  for await (const page of store.dayItemPages(day)) {
    for (const item of page) {
      if (feedItems.length > 0 && feedItems[0]!.feed !== item.feed) {
        add(report, await foldFeed(store, day, feedItems));
        feedItems = [];
      }
      feedItems.push(item);
    }
  }
  if (feedItems.length > 0) add(report, await foldFeed(store, day, feedItems));
  return report;
}

function add(total: FoldReport, report: FoldReport): void {
  total.folded += report.folded;
  total.deleted += report.deleted;
  total.skipped += report.skipped;
}

/** One feed's items of the day: its folded item, if any, and its batches. */
async function foldFeed(store: FoldingStore, day: string, items: DayItem[]): Promise<FoldReport> {
  const feed = items[0]!.feed;
  const previous = items.find((item) => item.folded);
  const held = new Set(previous?.folded);
  const batches = items.filter((item) => !item.folded);
  const fresh = batches.filter((item) => !held.has(batchTag(item.batch)));
  let folded = 0;
  if (fresh.length > 0) {
    const figures: FeedDay = emptyFeedDay();
    for (const item of previous ? [previous, ...fresh] : fresh) mergeFeedDay(figures, item.figures);
    const tags = [...(previous?.folded ?? []), ...fresh.map((item) => batchTag(item.batch))];
    const written = await store.putFolded(
      day,
      { feed, batch: FOLDED_BATCH, figures, folded: tags },
      previous?.folded?.length,
    );
    // Another run replaced the folded day meanwhile: the next run folds this feed.
    if (!written) return { folded: 0, deleted: 0, skipped: 1 };
    folded = 1;
  }
  // Only now: until the folded day is stored, the batches are the figures.
  if (batches.length > 0) {
    await store.deleteBatches(
      day,
      feed,
      batches.map((item) => item.batch),
    );
  }
  return { folded, deleted: batches.length, skipped: 0 };
}

/** Folds every finished day still in the window (the scheduled run, and the local server's). */
export async function foldFinishedDays(store: FoldingStore, now: Date): Promise<FoldReport> {
  const total: FoldReport = { folded: 0, deleted: 0, skipped: 0 };
  for (const day of daysToFold(now)) add(total, await foldDay(store, day));
  return total;
}
