import type { SiteConfig } from '../config';
import { NotFoundError } from '../errors';
import { type Count, countNothing, METRICS } from '../observability/metric-names';
import { type Audience, audienceKey, PUBLIC } from './audience';
import { FEED_FORMATS, type Feed, type FeedFormat, type FeedListing } from './feed';
import { toFeedItem } from './feed-item';
import { feedListing } from './feed-listing';
import { pageEntries, pageQueries, readAhead } from './feed-paging';
import type { FeedQuery } from './feed-query';
import type { FeedHead, FeedStore } from './feed-store';
import { feedDescription, feedTitle } from './feed-titles';
import { feedUrls, pageUrls } from './feed-urls';
import { contentEtag, type FeedVersion, feedVersion, outputFingerprint } from './feed-version';
import { isServed } from './feed-visibility';
import { discoveryLinks, topicUrl } from './hub-discovery';
import { RENDERERS } from './render';
import { type OpmlSelection, renderOpml } from './render/opml';
import { RenderCache } from './render-cache';
import { renderFitting } from './response-limit';
import { type FeedScope, type NamedScope, scopeId } from './scope';
import { createVersionMemo } from './version-memo';

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
  const fingerprint = outputFingerprint({ generator, site, hubs });
  const memoizedVersion = createVersionMemo(fingerprint);
  // Partners' feeds are theirs (own links, own level): a subscription is to the public topic.
  const publicKey = audienceKey(publicAudience);
  const hubsFor = (audience: Audience) =>
    hubs.length && audienceKey(audience) === publicKey ? hubs : undefined;
  const encoder = new TextEncoder();

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
    const fetched = await store.queryFeed(scope, { ...query, limit: readAhead(query.limit), now: at });
    const { entries, more } = pageEntries(fetched, query);
    const named: NamedScope = scope.kind === 'site' ? { kind: 'site', name: site.title } : head!.scope;
    const items = entries.map((e) => toFeedItem(e.article, site, audience));
    const page = (count: number): Feed => {
      const shown = entries.slice(0, count);
      const pages = pageQueries(query, {
        more,
        cut: count < entries.length,
        newest: shown[0]?.position,
        oldest: shown.at(-1)?.position,
      });
      return {
        id: `tag:${site.tagAuthority}:feed:${scopeId(scope)}`,
        title: feedTitle(site, named),
        description: feedDescription(site, named),
        language: site.language,
        homeUrl: site.url,
        urls: feedUrls(site.publicBaseUrl, scope, query),
        pages: pageUrls(site.publicBaseUrl, scope, pages),
        iconUrl: site.iconUrl,
        logoUrl: site.logoUrl,
        accentColor: site.accentColor,
        updated,
        generator,
        hubs: hubsFor(audience),
        jsonExtensionUrl: `${site.publicBaseUrl}/about/json-feed-extension`,
        items: items.slice(0, count),
      };
    };
    return Object.assign(page, { total: entries.length });
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
      // A cursor the store did not give out is a 400 before any validator: never a 304 or a 404.
      store.checkCursors(query);
      const at = now();
      const head = await headOf(scope, at);
      const version = memoizedVersion({
        head,
        scope,
        format,
        query,
        audience: audienceKey(audience),
        now: at,
      });
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
          const body = encoder.encode(renderFitting(page.total, (n) => RENDERERS[format](page(n))));
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
      store.checkCursors(query);
      const at = now();
      const head = await headOf(scope, at);
      const audience = audienceKey(publicAudience);
      const version = feedVersion({ head, scope, format: view, query, audience, now: at, fingerprint });
      const page = await buildPage(scope, query, head, version.lastModified, at, publicAudience);
      return { feed: page(page.total), version };
    },

    /** Every feed with something published, for `/` and OPML (see ./feed-listing.ts). */
    async listFeeds(): Promise<{ feeds: FeedListing[]; updated: Date; nextChangeAt?: Date }> {
      const at = now();
      return feedListing(site, await store.listFeedHeads(), at);
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
