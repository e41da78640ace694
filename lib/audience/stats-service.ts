import { ValidationError } from '../errors';
import type { AudienceStore } from './audience-store';
import { countedItems } from './day-folding';
import { emptyFeedDay, type FeedDay, type FeedDaySummary, mergeFeedDay, summarizeFeedDay } from './feed-day';

export interface StatsQuery {
  /** First UTC day, YYYY-MM-DD. */
  from: string;
  /** Last UTC day, inclusive. */
  to: string;
  /** One feed (a `feedKey`), or every feed. */
  feed?: string;
}

export type FeedStats = { feed: string } & FeedDaySummary;

export interface StatsReport {
  from: string;
  to: string;
  feed?: string;
  /** Every day of the range, oldest first; a day without requests has no feeds. */
  days: { day: string; feeds: FeedStats[] }[];
}

/** The longest range one report covers: a quarter. */
export const MAX_STATS_DAYS = 92;
const DAY_MS = 86_400_000;
/** Days read at once: each is one Query (or a few pages). */
const PARALLEL_DAYS = 8;

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The default range: the 30 days up to today. */
export function defaultRange(now: Date, from?: string, to?: string): { from: string; to: string } {
  const end = to ?? now.toISOString().slice(0, 10);
  return { from: from ?? new Date(Date.parse(end) - 29 * DAY_MS).toISOString().slice(0, 10), to: end };
}

export type StatsService = ReturnType<typeof createStatsService>;

/** Reads the figures: every batch of a day (and its folded day, ./day-folding.ts) summed per feed, aggregators' latest reports, readers' sketches united. */
export function createStatsService({ store }: { store: AudienceStore }) {
  async function readDay(day: string, feed?: string): Promise<FeedStats[]> {
    const merged = new Map<string, FeedDay>();
    for (const item of countedItems(await store.readDayItems(day, feed))) {
      merged.set(item.feed, mergeFeedDay(merged.get(item.feed) ?? emptyFeedDay(), item.figures));
    }
    return [...merged]
      .map(([key, figures]) => ({ feed: key, ...summarizeFeedDay(figures) }))
      .sort(
        (a, b) => b.subscribers - a.subscribers || b.requests - a.requests || a.feed.localeCompare(b.feed),
      );
  }

  return {
    async report({ from, to, feed }: StatsQuery): Promise<StatsReport> {
      if (from > to) {
        throw new ValidationError('The range ends before it starts.', [
          { parameter: 'to', detail: `must not be before from (${from})` },
        ]);
      }
      const days = daysBetween(from, to);
      if (days.length > MAX_STATS_DAYS) {
        throw new ValidationError(`A report covers at most ${MAX_STATS_DAYS} days.`, [
          { parameter: 'from', detail: `at most ${MAX_STATS_DAYS} days before to` },
        ]);
      }
      const result: StatsReport['days'] = [];
      for (let i = 0; i < days.length; i += PARALLEL_DAYS) {
        const chunk = days.slice(i, i + PARALLEL_DAYS);
        const feeds = await Promise.all(chunk.map((day) => readDay(day, feed)));
        for (const [j, day] of chunk.entries()) result.push({ day, feeds: feeds[j]! });
      }
      return { from, to, ...(feed && { feed }), days: result };
    },
  };
}
