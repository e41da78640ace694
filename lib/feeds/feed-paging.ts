import type { FeedQuery } from './feed-query';

/**
 * RFC 5005 §3 paged feeds: which neighbours a page links to. Newest entries come first;
 * `next` goes to older entries (`?before=` the page's oldest), `previous` to newer ones
 * (`?after=` its newest), `first` to the newest page. Each link keeps the request's
 * `limit`, `since` and `token`, so paging stays inside the feed that was asked for.
 */

/** The queries of a page's neighbours; a neighbour that would be empty is absent. */
export interface PageQueries {
  first: Partial<FeedQuery>;
  next?: Partial<FeedQuery>;
  previous?: Partial<FeedQuery>;
}

/**
 * How many entries to read for a page: one more than it shows. The extra one says whether
 * anything lies beyond the page (older entries, or newer ones for an `after` page), so the
 * last full page links to no empty one.
 */
export const readAhead = (limit: number): number => limit + 1;

/**
 * The entries a page shows, from a read of `readAhead(limit)` (newest first), and whether
 * the read found more beyond them. An `after` page reads upwards from its cursor, so its
 * extra entry is the newest one: that is the one it drops.
 */
export function pageEntries<T>(
  fetched: readonly T[],
  query: Pick<FeedQuery, 'limit' | 'after'>,
): { entries: T[]; more: boolean } {
  const more = fetched.length > query.limit;
  if (!more) return { entries: [...fetched], more };
  return { entries: query.after !== undefined ? fetched.slice(1) : fetched.slice(0, query.limit), more };
}

export function pageQueries(
  query: FeedQuery,
  page: {
    /** `pageEntries` found entries beyond the page. */
    more: boolean;
    /** The page shows fewer of its entries than it read (a body too big for a response). */
    cut: boolean;
    /** Positions of the newest and the oldest entry shown; none for an empty page. */
    newest?: FeedQuery['after'];
    oldest?: FeedQuery['before'];
  },
): PageQueries {
  const { limit, since, sinceText, token } = query;
  const kept = { limit, since, sinceText, token };
  // A page reached by paging older has newer entries before it; an `after` page has the
  // cursor's entry (and more) behind it.
  const after = query.after !== undefined;
  const hasNewer = query.before !== undefined || (after && page.more);
  const hasOlder = page.cut || (after ? page.oldest !== undefined : page.more);
  return {
    first: kept,
    next: hasOlder && page.oldest !== undefined ? { ...kept, before: page.oldest } : undefined,
    previous: hasNewer && page.newest !== undefined ? { ...kept, after: page.newest } : undefined,
  };
}
