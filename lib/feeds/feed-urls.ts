import { FEED_FORMATS, type Feed, type FeedFormat } from './feed';
import type { PageQueries } from './feed-paging';
import { type FeedQuery, feedQueryString } from './feed-query';
import { type FeedScope, scopePath } from './scope';

/**
 * A feed's URL in each format (its `self` in one, the `alternate`s in the others), for
 * the page `query` names. Built from PUBLIC_BASE_URL, never from a request's headers;
 * one canonical query string per page (see ./feed-query.ts).
 */
export function feedUrls(
  publicBaseUrl: string,
  scope: FeedScope,
  query: Partial<FeedQuery> = {},
): Record<FeedFormat, string> {
  const path = `${publicBaseUrl}${scopePath(scope)}`;
  const search = feedQueryString(query);
  return {
    rss: `${path}/${FEED_FORMATS.rss.file}${search}`,
    atom: `${path}/${FEED_FORMATS.atom.file}${search}`,
    json: `${path}/${FEED_FORMATS.json.file}${search}`,
  };
}

/** The RFC 5005 paging links of a page (see ./feed-paging.ts), in each format. */
export function pageUrls(publicBaseUrl: string, scope: FeedScope, pages: PageQueries): Feed['pages'] {
  const urls = (query: Partial<FeedQuery> | undefined) => query && feedUrls(publicBaseUrl, scope, query);
  return {
    first: feedUrls(publicBaseUrl, scope, pages.first),
    next: urls(pages.next),
    previous: urls(pages.previous),
  };
}
