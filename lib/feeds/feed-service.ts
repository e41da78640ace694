import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config';
import { NotFoundError } from '../errors';
import { type Count, countNothing, METRICS } from '../observability/metric-names';
import { type Audience, audienceKey, PUBLIC } from './audience';
import { FEED_FORMATS, type Feed, type FeedFormat, type FeedListing } from './feed';
import { toFeedItem } from './feed-item';
import { type FeedQuery, feedQueryString } from './feed-query';
import type { FeedHead, FeedStore } from './feed-store';
import { contentEtag, type FeedVersion, feedVersion } from './feed-version';
import { isListed, isServed, listedChangeAt, nextListedAt } from './feed-visibility';
import { discoveryLinks, topicUrl } from './hub-discovery';
import { RENDERERS } from './render';
import { type OpmlSelection, renderOpml } from './render/opml';
import { RenderCache } from './render-cache';
import { fitsResponse, largestFitting } from './response-limit';
import { type FeedScope, type NamedScope, scopeId, scopePath } from './scope';

export interface FeedServiceDeps {
  store: FeedStore;
  site: SiteConfig;
  /** Time is an input: tests pin it. */
  now: () => Date;
  generator: { name: string; version: string; url: string };
  renderCache?: RenderCache;
  /** What readers without a partner key get. @default full content */
  publicAudience?: Audience;
  /** WebSub hubs advertised on public feeds (see lib/websub/discovery.ts). @default none */
  hubs?: string[];
  /** Render-cache hits and misses, as metrics on Lambda. @default not counted */
  count?: Count;
}

/** A feed at one version: its validators now, its body only when asked for. */
export interface ResolvedFeed extends FeedVersion {
  mediaType: string;
  /** UTF-8, as sent. */
  body(): Promise<Uint8Array>;
  /** WebSub discovery `Link` header (public feeds only), for 200s and 304s alike. */
  link?: string;
}

const KIND_ORDER = { site: 0, category: 1, tag: 2, author: 3 } as const;

export type FeedService = ReturnType<typeof createFeedService>;

export function createFeedService({
  store,
  site,
  now,
  generator,
  renderCache = new RenderCache(),
  publicAudience = PUBLIC,
  hubs = [],
  count = countNothing,
}: FeedServiceDeps) {
  // Everything besides the articles that shapes a feed's bytes: a new release or new
  // settings must not be answered with 304s for the old output.
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ generator, site, hubs }))
    .digest('base64url');
  // Partners' feeds are theirs (own links, own level): a subscription is to the public topic.
  const publicKey = audienceKey(publicAudience);
  const hubsFor = (audience: Audience) =>
    hubs.length && audienceKey(audience) === publicKey ? hubs : undefined;

  const urlsOf = (scope: FeedScope, query: Partial<FeedQuery> = {}) =>
    Object.fromEntries(
      Object.entries(FEED_FORMATS).map(([format, { file }]) => [
        format,
        `${site.publicBaseUrl}${scopePath(scope)}/${file}${feedQueryString(query)}`,
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

  const encoder = new TextEncoder();

  /**
   * Validators cost a hash and some date arithmetic; at polling rates that is a good
   * part of a 304. While the head cache hands back the same head and no scheduled entry
   * has come due, the version is the same: reuse it.
   */
  const versions = new Map<string, { head: FeedHead | undefined; version: FeedVersion; until: number }>();
  function memoizedVersion(
    head: FeedHead | undefined,
    scope: FeedScope,
    format: FeedFormat,
    query: FeedQuery,
    audience: Audience,
    at: Date,
  ): FeedVersion {
    const audienceId = audienceKey(audience);
    const key = `${scopeId(scope)}\n${format}\n${feedQueryString(query)}\n${audienceId}`;
    const memo = versions.get(key);
    if (memo && memo.head === head && at.getTime() < memo.until) return memo.version;
    const version = feedVersion({
      head,
      scope,
      format,
      query,
      audience: audienceId,
      now: at,
      fingerprint,
    });
    if (versions.size >= 10_000) versions.clear();
    versions.set(key, { head, version, until: version.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY });
    return version;
  }

  /**
   * Unknown scopes are a 404, and so are scopes with nothing published yet (see
   * ./feed-visibility.ts); the site feed always exists.
   */
  async function headOf(scope: FeedScope, at: Date): Promise<FeedHead | undefined> {
    const head = await store.getFeedHead(scope);
    if (scope.kind !== 'site' && !(head && isServed(head, at))) {
      throw new NotFoundError(`There is no ${scope.kind} "${scope.slug}".`);
    }
    return head;
  }

  /**
   * Reads the page's entries and returns the feed holding the first `count` of them. A
   * page cut short links `next` to the entries after its last one, so paging still
   * reaches every entry (a body that would not fit a response, see ./response-limit.ts).
   */
  async function buildPage(
    scope: FeedScope,
    query: FeedQuery,
    head: FeedHead | undefined,
    updated: Date,
    at: Date,
    audience: Audience,
  ): Promise<((count: number) => Feed) & { total: number }> {
    const { limit, since, sinceText, token } = query;
    // One entry more than the page: it says whether anything lies beyond the page (older
    // ones, or newer ones for an `after` page), so the last full page links to no empty one.
    const fetched = await store.queryFeed(scope, { ...query, limit: limit + 1, now: at });
    const more = fetched.length > limit;
    const all = !more ? fetched : query.after !== undefined ? fetched.slice(1) : fetched.slice(0, limit);
    const named: NamedScope = scope.kind === 'site' ? { kind: 'site', name: site.title } : head!.scope;
    const items = all.map((e) => toFeedItem(e.article, site, audience));
    const page = (count: number): Feed => {
      const cut = count < all.length;
      const entries = cut ? all.slice(0, count) : all;
      const first = entries[0];
      const last = entries.at(-1);
      // RFC 5005 §3: `next` goes to older entries, `previous` to newer ones. A page reached
      // by paging older has newer entries before it; an `after` page has the cursor's entry
      // (and more) behind it.
      const hasNewer = query.before !== undefined || (query.after !== undefined && more);
      const hasOlder = cut || (query.after !== undefined ? entries.length > 0 : more);
      return {
        id: `tag:${site.tagAuthority}:feed:${scopeId(scope)}`,
        title: titleOf(named),
        description: descriptionOf(named),
        language: site.language,
        homeUrl: site.url,
        urls: urlsOf(scope, query),
        pages: {
          first: urlsOf(scope, { limit, since, sinceText, token }),
          next:
            hasOlder && last
              ? urlsOf(scope, { limit, since, sinceText, token, before: last.position })
              : undefined,
          previous:
            hasNewer && first
              ? urlsOf(scope, { limit, since, sinceText, token, after: first.position })
              : undefined,
        },
        iconUrl: site.iconUrl,
        logoUrl: site.logoUrl,
        accentColor: site.accentColor,
        updated,
        generator,
        hubs: hubsFor(audience),
        jsonExtensionUrl: `${site.publicBaseUrl}/about/json-feed-extension`,
        items: cut ? items.slice(0, count) : items,
      };
    };
    return Object.assign(page, { total: all.length });
  }

  return {
    /**
     * Reads the feed's head (one small item) and returns its validators; the entries are
     * read and rendered only if `body()` is called and this version is not cached yet.
     */
    async resolveFeed(
      scope: FeedScope,
      format: FeedFormat,
      query: FeedQuery,
      audience: Audience = publicAudience,
    ): Promise<ResolvedFeed> {
      const at = now();
      const head = await headOf(scope, at);
      const version = memoizedVersion(head, scope, format, query, audience, at);
      const advertised = hubsFor(audience);
      return {
        ...version,
        mediaType: FEED_FORMATS[format].mediaType,
        link: advertised && discoveryLinks(advertised, topicUrl(site.publicBaseUrl, scope, format)),
        async body() {
          const cached = renderCache.get(version.etag);
          count(cached === undefined ? METRICS.renderCacheMisses : METRICS.renderCacheHits);
          if (cached !== undefined) return cached;
          const page = await buildPage(scope, query, head, version.lastModified, at, audience);
          // Fewer items when the whole page would not fit a Lambda response: the
          // document stays whole and its `next` link picks up where it stops.
          let text = RENDERERS[format](page(page.total));
          if (!fitsResponse(text)) {
            const count = largestFitting(page.total, (n) => fitsResponse(RENDERERS[format](page(n))));
            text = RENDERERS[format](page(count));
          }
          const body = encoder.encode(text);
          renderCache.set(version.etag, body);
          return body;
        },
      };
    },

    /**
     * The feed as a model, for HTML views of it (the browser page, the iframe embed):
     * the same items a reader gets, with the validators to serve it by.
     */
    async feedModel(
      scope: FeedScope,
      query: FeedQuery,
      /** Names the view in its validators (`html`, `embed`): each representation has its own ETag. */
      view: string,
    ): Promise<{ feed: Feed; version: FeedVersion }> {
      const at = now();
      const head = await headOf(scope, at);
      const audience = audienceKey(publicAudience);
      const version = feedVersion({ head, scope, format: view, query, audience, now: at, fingerprint });
      const page = await buildPage(scope, query, head, version.lastModified, at, publicAudience);
      return { feed: page(page.total), version };
    },

    /**
     * Every feed with something published: the site's, then categories, tags and authors
     * by name; the newest change among them; and when the list next grows (a scheduled
     * article's new feed comes due), so no cache keeps the list past it.
     */
    async listFeeds(): Promise<{ feeds: FeedListing[]; updated: Date; nextChangeAt?: Date }> {
      const at = now();
      const heads = await store.listFeedHeads();
      const listed = heads.filter((h) => h.scope.kind === 'site' || isListed(h, at));
      const scopes: NamedScope[] = [
        { kind: 'site', name: site.title },
        ...listed.map((h) => h.scope).filter((s) => s.kind !== 'site'),
      ];
      scopes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
      const updated = new Date(Math.max(0, ...listed.map((h) => Date.parse(listedChangeAt(h)))));
      return {
        feeds: scopes.map((scope) => ({ scope, title: titleOf(scope), urls: urlsOf(scope) })),
        updated,
        nextChangeAt: nextListedAt(heads, at),
      };
    },

    /**
     * OPML 2.0 of every feed or of the starter set, with a validator that moves whenever the
     * list or any feed does (the starter's Last-Modified is the whole list's: it may move
     * without a change to the starter, never the other way round).
     */
    async opml(
      selection: OpmlSelection = 'all',
    ): Promise<{ body: string; etag: string; lastModified: Date; nextChangeAt?: Date }> {
      const { feeds, updated, nextChangeAt } = await this.listFeeds();
      const body = renderOpml({ title: site.title, homeUrl: site.url, updated, feeds }, selection);
      return { body, etag: contentEtag(body), lastModified: updated, nextChangeAt };
    },
  };
}
