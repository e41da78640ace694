import { FEED_FORMATS, type FeedFormat } from '../feeds/feed';
import { type FeedScope, SITE, scopeFromPath, scopeId } from '../feeds/scope';

/** One feed as the statistics count it: a scope in one format (`site/rss`, `category#politics/atom`). */
export interface FeedRef {
  scope: FeedScope;
  format: FeedFormat;
}

const FORMAT_BY_FILE = new Map(
  Object.entries(FEED_FORMATS).map(([format, { file }]) => [file, format as FeedFormat]),
);

/**
 * The feed a request path names, as lib/http/feeds-app.ts routes it (`/rss.xml`,
 * `/categories/{slug}/atom.xml`, …); undefined for every other path. The query string is
 * not part of `path`.
 */
export function feedOfPath(path: string): FeedRef | undefined {
  const parts = path.split('/');
  if (parts[0] !== '') return undefined;
  if (parts.length === 2) {
    const format = FORMAT_BY_FILE.get(parts[1]!);
    return format ? { scope: SITE, format } : undefined;
  }
  if (parts.length !== 4) return undefined;
  const scope = scopeFromPath(parts[1]!, parts[2]!);
  const format = FORMAT_BY_FILE.get(parts[3]!);
  return scope && format ? { scope, format } : undefined;
}

/** `site/rss`, `tag#dakar/json`: the key of a feed's figures; slugs hold no `/` or `@`. */
export function feedKey({ scope, format }: FeedRef): string {
  return `${scopeId(scope)}/${format}`;
}

const FEED_KEY = /^(site|(category|tag|author)#[a-z0-9-]{1,100})\/(rss|atom|json)$/;

export function isFeedKey(value: string): boolean {
  return FEED_KEY.test(value);
}
