import { type Context, Hono } from 'hono';
import type { KeyService } from '../auth/key-service';
import type { PartnerUsage } from '../auth/partner-usage';
import type { CachePolicy, SiteConfig } from '../config';
import { partnerAudience } from '../feeds/audience';
import { FEED_FORMATS, type FeedFormat } from '../feeds/feed';
import { parseFeedQuery } from '../feeds/feed-query';
import type { FeedService } from '../feeds/feed-service';
import { contentEtag } from '../feeds/feed-version';
import { renderFitting } from '../feeds/response-limit';
import { type FeedScope, SITE, scopeFromPath } from '../feeds/scope';
import { errorField, logger } from '../observability/logger';
import { feedCacheControl } from './cache-control';
import { publicCors, readableAnywhere } from './cors';
import { FEED_PAGE_CSP, renderFeedPage } from './feed-page';
import { renderIndexPageFitting, STARTER_OPML_PATH } from './index-page';
import { JSON_FEED_EXTENSION_DOC } from './json-feed-extension';
import { notFound, onError } from './problem';
import { respond } from './respond';
import { VIEW_HEADER, wantsPage } from './view';

export interface FeedsAppDeps {
  feeds: FeedService;
  /** Partner keys and tokens, and their request counters. */
  partners: { keys: Pick<KeyService, 'identifyPartner'>; usage: PartnerUsage };
  site: SiteConfig;
  cache: CachePolicy;
  now: () => Date;
}

const FORMAT_BY_FILE = new Map(
  Object.entries(FEED_FORMATS).map(([format, { file }]) => [file, format as FeedFormat]),
);

/** The public, read-only app: feeds and the page that lists them. */
export function createFeedsApp({ feeds, partners, site, cache, now }: FeedsAppDeps) {
  const app = new Hono();
  // Errors are readable cross-origin too: a partner's widget must see a 404 as a 404, not as a CORS failure.
  app.onError(async (error, c) => readableAnywhere(await onError(error, c)));
  app.notFound(async (c) => readableAnywhere(await notFound(c)));
  // Partner sites read feeds from the browser: every public GET is readable cross-origin
  // (headers set in respond()); preflights are answered here (./cors.ts).
  app.options('*', publicCors());

  // Every feed URL answers people with a page and readers with the feed (see ./view.ts),
  // and partners (Authorization) with their own content level and links.
  const vary = [VIEW_HEADER, 'Sec-Fetch-Dest', 'Accept', 'Authorization'];

  /** Counting must never cost a partner their feed: a failed count is logged, not thrown. */
  const countRequest = async (partnerId: string) => {
    try {
      await partners.usage.count(partnerId, now());
    } catch (error) {
      logger.warn('partner request not counted', { partnerId, error: errorField(error) });
    }
  };

  const serveFeed = async (c: Context, scope: FeedScope, format: FeedFormat) => {
    const query = parseFeedQuery(c.req.query());
    const view = {
      view: c.req.header(VIEW_HEADER),
      secFetchDest: c.req.header('Sec-Fetch-Dest'),
      accept: c.req.header('Accept'),
    };
    // Credentials first: a bad or revoked token gets the feed's 401 whether a browser or a reader asks.
    const partner = await partners.keys.identifyPartner(c.req.header('Authorization'), query.token);
    if (wantsPage(view)) {
      const { feed, version } = await feeds.feedModel(scope, query, `page-${format}`);
      return respond(c, {
        ...version,
        now: now(),
        // A partner's page holds their token (in the address to copy): no cache but the
        // browser's own keeps it, and no link or Referer carries it to another site.
        cacheControl: partner ? 'private, no-store' : feedCacheControl(cache, now(), version.nextDueAt),
        contentType: 'text/html; charset=utf-8',
        vary,
        crossOrigin: true,
        headers: {
          'Content-Security-Policy': FEED_PAGE_CSP,
          'X-Content-Type-Options': 'nosniff',
          ...(partner ? { 'Referrer-Policy': 'no-referrer' } : {}),
        },
        // The page shows each headline's summary and authors: a page of 100 pathological
        // ones could pass Lambda's 6 MB, so it keeps the leading headlines that fit.
        body: () =>
          renderFitting(feed.items.length, (count) =>
            renderFeedPage({ ...feed, items: feed.items.slice(0, count) }, format, {
              private: partner !== undefined,
            }).toString(),
          ),
      });
    }
    if (partner) await countRequest(partner.id);
    const audience = partner ? partnerAudience(partner.id, partner.settings) : undefined;
    const feed = await feeds.resolveFeed(scope, format, query, audience);
    return respond(c, {
      ...feed,
      now: now(),
      // A partner's feed is theirs alone, and every request of theirs is counted: no shared cache keeps it.
      cacheControl: partner ? 'private, no-cache' : feedCacheControl(cache, now(), feed.nextDueAt),
      contentType: `${feed.mediaType}; charset=utf-8`,
      vary,
      crossOrigin: true,
      body: feed.body,
    });
  };

  app.get('/', async (c) => {
    const { feeds: listed, updated, nextChangeAt } = await feeds.listFeeds();
    const body = renderIndexPageFitting(site, listed);
    return respond(c, {
      now: now(),
      etag: contentEtag(body),
      lastModified: updated,
      cacheControl: feedCacheControl(cache, now(), nextChangeAt),
      contentType: 'text/html; charset=utf-8',
      crossOrigin: true,
      headers: { 'Content-Security-Policy': FEED_PAGE_CSP, 'X-Content-Type-Options': 'nosniff' },
      body: () => body,
    });
  });

  // Every feed, and the starter set the index page recommends for importing into a reader.
  for (const [path, selection] of [
    ['/feeds.opml', 'all'],
    [STARTER_OPML_PATH, 'starter'],
  ] as const) {
    app.get(path, async (c) => {
      const opml = await feeds.opml(selection);
      return respond(c, {
        ...opml,
        now: now(),
        cacheControl: feedCacheControl(cache, now(), opml.nextChangeAt),
        contentType: 'text/x-opml; charset=utf-8',
        crossOrigin: true,
        body: () => opml.body,
      });
    });
  }

  app.get('/about/json-feed-extension', (c) => c.text(JSON_FEED_EXTENSION_DOC));

  app.get('/:file', async (c, next) => {
    const format = FORMAT_BY_FILE.get(c.req.param('file'));
    if (!format) return next();
    return serveFeed(c, SITE, format);
  });

  app.get('/:kind/:slug/:file', async (c, next) => {
    const scope = scopeFromPath(c.req.param('kind'), c.req.param('slug'));
    const format = FORMAT_BY_FILE.get(c.req.param('file'));
    if (!scope || !format) return next();
    return serveFeed(c, scope, format);
  });

  return app;
}
