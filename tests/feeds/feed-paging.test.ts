import { describe, expect, it } from 'vitest';
import { pageEntries, pageQueries, readAhead } from '../../lib/feeds/feed-paging';
import type { FeedQuery } from '../../lib/feeds/feed-query';

/** What the store gives out as an entry's position (opaque here). */
type Position = NonNullable<FeedQuery['before']>;
const p = (n: number) => `p${n}` as Position;
/** Positions of a feed's entries, newest first, as the store returns them. */
const FEED = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map(p);

/**
 * A stand-in for the store's read (lib/feeds/feed-store.ts `queryFeed`): at most `limit`
 * entries, newest first; `before` reads older than the cursor, `after` the ones just newer.
 */
function read(limit: number, { before, after }: Pick<FeedQuery, 'before' | 'after'> = {}): Position[] {
  if (after !== undefined) {
    const newer = FEED.slice(0, FEED.indexOf(after));
    return newer.slice(Math.max(0, newer.length - limit));
  }
  const from = before === undefined ? 0 : FEED.indexOf(before) + 1;
  return FEED.slice(from, from + limit);
}

/** One page as the service builds it: read one ahead, keep the page, ask for its neighbours. */
function pageAt(query: FeedQuery, shown = query.limit) {
  const { entries, more } = pageEntries(read(readAhead(query.limit), query), query);
  const visible = entries.slice(0, shown);
  const links = pageQueries(query, {
    more,
    cut: shown < entries.length,
    newest: visible[0],
    oldest: visible.at(-1),
  });
  return { entries: visible, ...links };
}

describe('pageEntries', () => {
  it('keeps the newest `limit` entries and notes the extra one read ahead', () => {
    expect(pageEntries(['a', 'b', 'c'], { limit: 2 })).toEqual({ entries: ['a', 'b'], more: true });
  });

  it('keeps everything when the read did not fill the read-ahead', () => {
    expect(pageEntries(['a', 'b'], { limit: 2 })).toEqual({ entries: ['a', 'b'], more: false });
    expect(pageEntries([], { limit: 2 })).toEqual({ entries: [], more: false });
  });

  it('drops the newest extra entry on an `after` page, which reads upwards from its cursor', () => {
    expect(pageEntries(['c', 'b', 'a'], { limit: 2, after: p(0) })).toEqual({
      entries: ['b', 'a'],
      more: true,
    });
  });
});

describe('pageQueries (RFC 5005 §3)', () => {
  it('gives the first page of a longer feed a next link to the entries after its oldest, and no previous', () => {
    const page = pageAt({ limit: 4 });
    expect(page.entries).toEqual([p(9), p(8), p(7), p(6)]);
    expect(page.next).toEqual({ limit: 4, before: p(6) });
    expect(page.previous).toBeUndefined();
  });

  it('gives a middle page both neighbours', () => {
    const page = pageAt({ limit: 4, before: p(6) });
    expect(page.entries).toEqual([p(5), p(4), p(3), p(2)]);
    expect(page.next).toEqual({ limit: 4, before: p(2) });
    expect(page.previous).toEqual({ limit: 4, after: p(5) });
  });

  it('links the last full page to no next page: the read ahead found nothing older', () => {
    const page = pageAt({ limit: 5, before: p(5) });
    expect(page.entries).toEqual([p(4), p(3), p(2), p(1), p(0)]);
    expect(page.next).toBeUndefined();
    expect(page.previous).toEqual({ limit: 5, after: p(4) });
  });

  it('gives a feed that fits one page exactly no neighbours at all', () => {
    const page = pageAt({ limit: 10 });
    expect(page.entries).toHaveLength(10);
    expect([page.next, page.previous]).toEqual([undefined, undefined]);
  });

  it('gives an empty feed no neighbours, and still a first page', () => {
    const page = pageAt({ limit: 4, before: p(0) });
    expect(page.entries).toEqual([]);
    expect([page.next, page.previous]).toEqual([undefined, undefined]);
    expect(page.first).toEqual({ limit: 4 });
  });

  it('gives an `after` page a next link back to older entries, and a previous link while newer ones remain', () => {
    const page = pageAt({ limit: 2, after: p(5) });
    expect(page.entries).toEqual([p(7), p(6)]);
    expect(page.next).toEqual({ limit: 2, before: p(6) });
    expect(page.previous).toEqual({ limit: 2, after: p(7) });
  });

  it('gives the `after` page that reaches the newest entry no previous link', () => {
    const page = pageAt({ limit: 2, after: p(7) });
    expect(page.entries).toEqual([p(9), p(8)]);
    expect(page.previous).toBeUndefined();
    expect(page.next).toEqual({ limit: 2, before: p(8) });
  });

  it('links a page cut short (too big for a response) to the entries after the last one it shows', () => {
    const page = pageAt({ limit: 10 }, 3);
    expect(page.entries).toEqual([p(9), p(8), p(7)]);
    expect(page.next).toEqual({ limit: 10, before: p(7) });
  });

  it('keeps limit, since and token in every link, and never a cursor in first', () => {
    // Prepare
    const since = new Date('2026-11-25T08:00:00Z');
    const query: FeedQuery = {
      limit: 2,
      before: p(8),
      since,
      sinceText: '2026-11-25T09:00:00+01:00',
      token: 't',
    };
    // Act
    const page = pageAt(query);
    // Assess
    const kept = { limit: 2, since, sinceText: '2026-11-25T09:00:00+01:00', token: 't' };
    expect(page.first).toEqual(kept);
    expect(page.next).toEqual({ ...kept, before: p(6) });
    expect(page.previous).toEqual({ ...kept, after: p(7) });
  });

  it('reaches every entry once by following next from the first page, and back by previous', () => {
    // Prepare
    for (const limit of [1, 2, 3, 4, 5, 9, 10, 11]) {
      // Act
      const forward: Position[] = [];
      let query: FeedQuery | undefined = { limit };
      let last: ReturnType<typeof pageAt> | undefined;
      while (query) {
        last = pageAt(query);
        forward.push(...last.entries);
        query = last.next && { limit, ...last.next };
      }
      const backward: Position[] = [];
      query = last?.previous && { limit, ...last.previous };
      while (query) {
        const page = pageAt(query);
        backward.unshift(...page.entries);
        query = page.previous && { limit, ...page.previous };
      }
      // Assess
      expect(forward, `limit ${limit}`).toEqual(FEED);
      expect([...backward, ...(last?.entries ?? [])], `limit ${limit}`).toEqual(FEED);
    }
  });
});
