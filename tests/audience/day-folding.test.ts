import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FoldingStore } from '../../lib/audience/audience-store';
import {
  batchTag,
  daysToFold,
  FOLDED_BATCH,
  foldDay,
  foldFinishedDays,
} from '../../lib/audience/day-folding';
import { DistinctSketch } from '../../lib/audience/distinct-sketch';
import { emptyFeedDay, type FeedDay } from '../../lib/audience/feed-day';
import { DynamoAudienceStore } from '../../lib/store/dynamo-audience-store';
import { anAudienceTable } from './support';

const DAY = '2026-11-20';
const FEEDS = ['site/rss', 'category#politics/atom'];

/** One batch's figures: `n` requests from reader `n`, and Feedly's report at minute `n`. */
function figures(n: number): FeedDay {
  const day = emptyFeedDay();
  day.requests = n;
  day.ok = n;
  day.bytes = 1_000 * n;
  day.families = { reader: n, aggregator: 1 };
  day.clients = { NetNewsWire: n, Feedly: 1 };
  day.partners = n % 2 ? { p1: 1 } : {};
  day.aggregators = { Feedly: { subscribers: 100 + n, at: `${DAY}T00:${String(n).padStart(2, '0')}:00Z` } };
  const readers = new DistinctSketch();
  readers.add(n * 7_919);
  readers.add(42);
  day.readers = { reader: readers };
  return day;
}

describe('folding a finished day of audience figures', () => {
  let table: Awaited<ReturnType<typeof anAudienceTable>>;
  beforeEach(async () => {
    table = await anAudienceTable();
    for (const feed of FEEDS) {
      for (let n = 1; n <= 30; n++)
        await table.store.putDelta({ day: DAY, feed, figures: figures(n) }, `b${n}`);
    }
    // Another day, not folded by foldDay(DAY).
    await table.store.putDelta({ day: '2026-11-21', feed: 'site/rss', figures: figures(5) }, 'b1');
  });
  afterEach(async () => table.close());

  const report = () => table.stats.report({ from: DAY, to: '2026-11-21' });
  const itemsOf = (day: string) => table.store.readDayItems(day);

  it('keeps every figure and leaves one item per feed', async () => {
    // Prepare
    const before = await report();
    expect(await itemsOf(DAY)).toHaveLength(60);
    // Act
    const result = await foldDay(table.store, DAY);
    // Assess: the same report (sums, latest reports, distinct readers), from 2 items.
    expect(result).toEqual({ folded: 2, deleted: 60, skipped: 0 });
    expect(await report()).toEqual(before);
    const items = await itemsOf(DAY);
    expect(items.map((i) => [i.feed, i.batch, i.folded?.length])).toEqual([
      ['category#politics/atom', FOLDED_BATCH, 30],
      ['site/rss', FOLDED_BATCH, 30],
    ]);
    expect(before.days[0]!.feeds[0]).toMatchObject({ requests: 465, aggregators: { Feedly: 130 } });
    expect(await itemsOf('2026-11-21')).toHaveLength(1);
    // Folding again finds nothing to do.
    expect(await foldDay(table.store, DAY)).toEqual({ folded: 0, deleted: 0, skipped: 0 });
  });

  it('reads the day a page at a time, folding each feed as the next one starts', async () => {
    // Prepare: pages of 7 items, so each feed's 30 batches span pages.
    const before = await report();
    const paged = new DynamoAudienceStore(table.client, table.tableName, 7);
    const pages: number[] = [];
    const counting: FoldingStore = {
      putDelta: (delta, batch) => paged.putDelta(delta, batch),
      readDayItems: (day, feed) => paged.readDayItems(day, feed),
      dayItemPages: async function* (day) {
        for await (const page of paged.dayItemPages(day)) {
          pages.push(page.length);
          yield page;
        }
      },
      putFolded: (day, item, replacing) => paged.putFolded(day, item, replacing),
      deleteBatches: (day, feed, batches) => paged.deleteBatches(day, feed, batches),
    };
    // Act
    const result = await foldDay(counting, DAY);
    // Assess
    expect(result).toEqual({ folded: 2, deleted: 60, skipped: 0 });
    expect(pages.slice(0, -1).every((n) => n === 7)).toBe(true);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(60);
    expect(await report()).toEqual(before);
    expect(await itemsOf(DAY)).toHaveLength(2);
  });

  it('counts nothing twice when a run dies between writing the folded day and deleting the batches', async () => {
    // Prepare: a store whose deletes fail after the folded item is written.
    const before = await report();
    const dying: FoldingStore = {
      putDelta: (delta, batch) => table.store.putDelta(delta, batch),
      readDayItems: (day, feed) => table.store.readDayItems(day, feed),
      dayItemPages: (day) => table.store.dayItemPages(day),
      putFolded: (day, item, replacing) => table.store.putFolded(day, item, replacing),
      deleteBatches: async () => {
        throw new Error('Lambda timed out');
      },
    };
    // Act
    await expect(foldDay(dying, DAY)).rejects.toThrow('Lambda timed out');
    // Assess: the folded day and its batches are both stored, and counted once.
    expect((await itemsOf(DAY)).length).toBeGreaterThan(60);
    expect(await report()).toEqual(before);
    // The next run deletes what the folded day already holds, and folds nothing again.
    const next = await foldDay(table.store, DAY);
    expect(next.deleted).toBe(60);
    expect(await itemsOf(DAY)).toHaveLength(2);
    expect(await report()).toEqual(before);
  });

  it('counts a late batch beside the folded day, and a log file processed again not at all', async () => {
    // Prepare
    await foldDay(table.store, DAY);
    const folded = await report();
    // Act: a late log file, and one processed again after its batch item was deleted.
    await table.store.putDelta({ day: DAY, feed: 'site/rss', figures: figures(40) }, 'late');
    await table.store.putDelta({ day: DAY, feed: 'site/rss', figures: figures(3) }, 'b3');
    // Assess
    const after = await report();
    const site = (r: typeof after) => r.days[0]!.feeds.find((f) => f.feed === 'site/rss')!;
    expect(site(after).requests).toBe(site(folded).requests + 40);
    expect(site(after).aggregators).toEqual({ Feedly: 140 });
    // The next run folds the late batch in and drops the replay.
    expect(await foldDay(table.store, DAY)).toEqual({ folded: 1, deleted: 2, skipped: 0 });
    expect(await report()).toEqual(after);
    const siteItems = (await itemsOf(DAY)).filter((i) => i.feed === 'site/rss');
    expect(siteItems.map((i) => [i.batch, i.folded?.length])).toEqual([[FOLDED_BATCH, 31]]);
    expect(siteItems[0]!.folded).toContain(batchTag('late'));
  });

  it('leaves a feed to the next run when another run replaced its folded day first', async () => {
    // Prepare: both runs read the day, then the other run folds first.
    await foldDay(table.store, DAY);
    await table.store.putDelta({ day: DAY, feed: 'site/rss', figures: figures(41) }, 'late-1');
    const stale = await table.store.readDayItems(DAY);
    await table.store.putDelta({ day: DAY, feed: 'site/rss', figures: figures(42) }, 'late-2');
    await foldDay(table.store, DAY);
    const settled = await report();
    // Act: the slow run writes from what it read.
    const slow: FoldingStore = {
      putDelta: (delta, batch) => table.store.putDelta(delta, batch),
      readDayItems: async () => stale,
      dayItemPages: async function* () {
        yield stale;
      },
      putFolded: (day, item, replacing) => table.store.putFolded(day, item, replacing),
      deleteBatches: (day, feed, batches) => table.store.deleteBatches(day, feed, batches),
    };
    const result = await foldDay(slow, DAY);
    // Assess: its stale fold was refused, and the figures did not move.
    expect(result.skipped).toBe(1);
    expect(await report()).toEqual(settled);
  });
});

describe('which days a run folds', () => {
  it('every day from 8 to 2 days ago: late logs arrive within a day, raw logs expire after 7', () => {
    expect(daysToFold(new Date('2026-11-26T03:30:00Z'))).toEqual([
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
    ]);
  });

  it('folds those days and leaves the last two', async () => {
    const table = await anAudienceTable();
    try {
      for (const day of ['2026-11-23', '2026-11-24', '2026-11-25']) {
        for (const batch of ['a', 'b'])
          await table.store.putDelta({ day, feed: 'site/rss', figures: figures(1) }, batch);
      }
      const result = await foldFinishedDays(table.store, new Date('2026-11-26T03:30:00Z'));
      expect(result).toEqual({ folded: 2, deleted: 4, skipped: 0 });
      expect(await table.store.readDayItems('2026-11-25')).toHaveLength(2);
      expect(await table.store.readDayItems('2026-11-24')).toHaveLength(1);
    } finally {
      await table.close();
    }
  });
});
