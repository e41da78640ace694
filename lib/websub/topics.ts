import { FEED_FORMATS, type FeedFormat } from '../feeds/feed';
import { topicUrl } from '../feeds/hub-discovery';
import { type FeedScope, SCOPE_PATHS, SITE, scopeFromPath, scopeId } from '../feeds/scope';

export interface Topic {
  scope: FeedScope;
  format: FeedFormat;
  url: string;
}

const FORMAT_BY_FILE = new Map(Object.entries(FEED_FORMATS).map(([f, { file }]) => [file, f as FeedFormat]));

/**
 * The feed a topic URL names, if it is one of this site's public feed URLs exactly as
 * discovery advertises them (PUBLIC_BASE_URL, the path, no query, no fragment).
 */
export function topicFromUrl(publicBaseUrl: string, url: string): Topic | undefined {
  if (!url.startsWith(`${publicBaseUrl}/`)) return undefined;
  const parts = url.slice(publicBaseUrl.length + 1).split('/');
  const format = FORMAT_BY_FILE.get(parts.at(-1) ?? '');
  if (!format) return undefined;
  const scope =
    parts.length === 1
      ? SITE
      : parts.length === 3
        ? scopeFromPath(parts[0] ?? '', parts[1] ?? '')
        : undefined;
  if (!scope || topicUrl(publicBaseUrl, scope, format) !== url) return undefined;
  return { scope, format, url };
}

/** The three topics (one per format) of a feed. */
export function topicsOf(publicBaseUrl: string, scope: FeedScope): Topic[] {
  return (Object.keys(FEED_FORMATS) as FeedFormat[]).map((format) => ({
    scope,
    format,
    url: topicUrl(publicBaseUrl, scope, format),
  }));
}

/** Inverse of `scopeId`: `site`, `category#politics` → the scope. */
export function scopeFromId(id: string): FeedScope | undefined {
  if (id === 'site') return SITE;
  const [kind, slug] = id.split('#');
  const path = SCOPE_PATHS[kind as keyof typeof SCOPE_PATHS];
  const parsed = path && slug ? scopeFromPath(path, slug) : undefined;
  return parsed && scopeId(parsed) === id ? parsed : undefined;
}
