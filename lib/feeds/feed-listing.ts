import type { SiteConfig } from '../config';
import type { FeedListing } from './feed';
import type { FeedHead } from './feed-store';
import { feedTitle } from './feed-titles';
import { feedUrls } from './feed-urls';
import { isListed, listedChangeAt, nextListedAt } from './feed-visibility';
import type { NamedScope } from './scope';

const KIND_ORDER = { site: 0, category: 1, tag: 2, author: 3 } as const;

/**
 * Every feed with something published at `at`, from the feeds' heads: the site's (always,
 * even before its first article), then categories, tags and authors by name; the newest
 * change among them; and when the list next grows (a scheduled article's new feed comes
 * due), so no cache keeps the list past it.
 */
export function feedListing(
  site: Pick<SiteConfig, 'title' | 'publicBaseUrl'>,
  heads: FeedHead[],
  at: Date,
): { feeds: FeedListing[]; updated: Date; nextChangeAt?: Date } {
  const listed = heads.filter((h) => h.scope.kind === 'site' || isListed(h, at));
  const scopes: NamedScope[] = [
    { kind: 'site', name: site.title },
    ...listed.map((h) => h.scope).filter((s) => s.kind !== 'site'),
  ];
  scopes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
  return {
    feeds: scopes.map((scope) => ({
      scope,
      title: feedTitle(site, scope),
      urls: feedUrls(site.publicBaseUrl, scope),
    })),
    updated: new Date(Math.max(0, ...listed.map((h) => Date.parse(listedChangeAt(h))))),
    nextChangeAt: nextListedAt(heads, at),
  };
}
