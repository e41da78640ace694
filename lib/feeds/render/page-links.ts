import { FEED_FORMATS, type Feed, type FeedFormat } from '../feed';

/**
 * `self`, the WebSub hubs, plus the RFC 5005 §3 paging links (`first`, `next`, `previous`), as Atom links:
 * Atom uses them directly, RSS carries them as `atom:link`.
 */
export function pageLinks(feed: Feed, format: FeedFormat) {
  const type = FEED_FORMATS[format].mediaType;
  const links = [{ href: feed.urls[format], rel: 'self', type }];
  const paged = feed.pages.next || feed.pages.previous;
  if (paged) links.push({ href: feed.pages.first[format], rel: 'first', type });
  if (feed.pages.previous) links.push({ href: feed.pages.previous[format], rel: 'previous', type });
  if (feed.pages.next) links.push({ href: feed.pages.next[format], rel: 'next', type });
  // WebSub §4: `rel="hub"` beside `rel="self"`; a hub link has no media type.
  return [...links, ...(feed.hubs ?? []).map((href) => ({ href, rel: 'hub' }))];
}
