import type { SiteConfig } from '../config';
import { NotFoundError } from '../errors';
import type { ArticleStore } from '../store/article-store';
import { FEED_FORMATS, type Feed, type FeedFormat } from './feed';
import { toFeedItem } from './feed-item';
import { RENDERERS } from './render';
import { type FeedScope, type NamedScope, scopeId, scopePath } from './scope';

export interface FeedServiceDeps {
  store: ArticleStore;
  site: SiteConfig;
  /** Time is an input: tests pin it. */
  now: () => Date;
  generator: { name: string; version: string; url: string };
}

export interface RenderedFeed {
  body: string;
  mediaType: string;
  updated: Date;
}

/** A feed as listed on the index page (and, later, in OPML). */
export interface FeedListing {
  scope: NamedScope;
  title: string;
  urls: Record<FeedFormat, string>;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

const EPOCH = new Date(0);
const KIND_ORDER = { site: 0, category: 1, tag: 2, author: 3 } as const;

export type FeedService = ReturnType<typeof createFeedService>;

export function createFeedService({ store, site, now, generator }: FeedServiceDeps) {
  const urlsOf = (scope: FeedScope) =>
    Object.fromEntries(
      Object.entries(FEED_FORMATS).map(([format, { file }]) => [
        format,
        `${site.publicBaseUrl}${scopePath(scope)}/${file}`,
      ]),
    ) as Record<FeedFormat, string>;

  const titleOf = (scope: NamedScope) => {
    switch (scope.kind) {
      case 'site':
        return site.title;
      case 'tag':
        return `${site.title}: #${scope.name}`;
      default:
        return `${site.title}: ${scope.name}`;
    }
  };

  const descriptionOf = (scope: NamedScope) => {
    switch (scope.kind) {
      case 'site':
        return site.description;
      case 'category':
        return `${scope.name}: the latest from ${site.title}.`;
      case 'tag':
        return `Articles tagged “${scope.name}” from ${site.title}.`;
      case 'author':
        return `Articles by ${scope.name} for ${site.title}.`;
    }
  };

  /** The scope with its display name; unknown scopes are a 404 (the site feed always exists). */
  async function resolve(scope: FeedScope) {
    const head = await store.getFeedHead(scope);
    if (!head && scope.kind !== 'site') {
      throw new NotFoundError(`There is no ${scope.kind} "${scope.slug}".`);
    }
    const named: NamedScope = scope.kind === 'site' ? { kind: 'site', name: site.title } : head!.scope;
    return { named, changedAt: head ? new Date(head.changedAt) : EPOCH };
  }

  async function buildFeed(scope: FeedScope, limit: number): Promise<Feed> {
    const at = now();
    const [{ named, changedAt }, articles] = await Promise.all([
      resolve(scope),
      store.queryFeed(scope, { limit, now: at }),
    ]);
    const items = articles.map((a) => toFeedItem(a, site));
    // The newest change in this feed: its head moves on every publish, correction and
    // removal; a scheduled article changes the feed when it comes due.
    const updated = new Date(
      Math.max(
        changedAt.getTime(),
        ...items.map((i) => Math.max(i.updated.getTime(), i.published.getTime())),
      ),
    );
    return {
      id: `tag:${site.tagAuthority}:feed:${scopeId(scope)}`,
      title: titleOf(named),
      description: descriptionOf(named),
      language: site.language,
      homeUrl: site.url,
      urls: urlsOf(scope),
      iconUrl: site.iconUrl,
      logoUrl: site.logoUrl,
      updated,
      generator,
      jsonExtensionUrl: `${site.publicBaseUrl}/about/json-feed-extension`,
      items,
    };
  }

  return {
    buildFeed,

    async renderFeed(
      scope: FeedScope,
      format: FeedFormat,
      { limit }: { limit: number },
    ): Promise<RenderedFeed> {
      const feed = await buildFeed(scope, limit);
      return {
        body: RENDERERS[format](feed),
        mediaType: FEED_FORMATS[format].mediaType,
        updated: feed.updated,
      };
    },

    /** Every feed: the site's, then categories, tags and authors by name. */
    async listFeeds(): Promise<FeedListing[]> {
      const heads = await store.listFeedHeads();
      const scopes: NamedScope[] = [
        { kind: 'site', name: site.title },
        ...heads.map((h) => h.scope).filter((s) => s.kind !== 'site'),
      ];
      scopes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
      return scopes.map((scope) => ({ scope, title: titleOf(scope), urls: urlsOf(scope) }));
    },
  };
}
