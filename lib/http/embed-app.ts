import { type Context, Hono } from 'hono';
import type { CachePolicy, SiteConfig } from '../config';
import { embedView, parseEmbedOptions } from '../embed/embed-options';
import { HEADLINES_PAGE_CSP, renderHeadlinesPage } from '../embed/headlines-page';
import { WIDGET_HASH, WIDGET_SOURCE } from '../embed/headlines-widget';
import { NotFoundError } from '../errors';
import type { FeedService } from '../feeds/feed-service';
import { type FeedScope, SITE, scopeFromPath } from '../feeds/scope';
import { feedCacheControl } from './cache-control';
import { notModified } from './conditional';
import { publicCors } from './cors';
import { notFound, onError } from './problem';
import { respond } from './respond';

export interface EmbedAppDeps {
  feeds: FeedService;
  /** Where wirefeed is reachable: the versioned widget URL is built from it. */
  site: SiteConfig;
  cache: CachePolicy;
  now: () => Date;
}

/** The versioned widget's path: its bytes never change, so it may be cached for a year. */
export const WIDGET_VERSIONED_PATH = `/embed/v/${WIDGET_HASH}.js`;

const WIDGET_ETAG = `"${WIDGET_HASH}"`;

/**
 * What partners put on their pages: the `<wirefeed-headlines>` widget (`/embed.js`) and,
 * for pages that cannot run scripts, the headlines as a framable page (`/embed/{scope}`).
 * A sub-app: mount it beside the feeds app with `composeApps`. Its middleware is scoped
 * to its own paths, so composing it changes nothing for the feeds.
 */
export function createEmbedApp({ feeds, site, cache, now }: EmbedAppDeps) {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  const anyOrigin = publicCors();
  // A `<script type="module">` from another origin is fetched in CORS mode: without
  // Access-Control-Allow-Origin the partner's page would refuse to run it.
  app.use('/embed.js', anyOrigin);
  app.use('/embed/*', anyOrigin);

  const serveWidget = (c: Context, cacheControl: string) => {
    const headers = {
      ETag: WIDGET_ETAG,
      'Cache-Control': cacheControl,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      Vary: 'Accept-Encoding',
    };
    // No Last-Modified is sent, so If-Modified-Since cannot be evaluated (RFC 9110 §13.1.3): the ETag alone decides.
    if (
      notModified(
        { ifNoneMatch: c.req.header('If-None-Match') },
        { etag: WIDGET_ETAG, lastModified: new Date(0) },
      )
    ) {
      return c.body(null, 304, headers);
    }
    return c.body(WIDGET_SOURCE, 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
  };

  // The unversioned URL is what partners paste: an hour fresh, then revalidated in the background.
  app.get('/embed.js', (c) => serveWidget(c, 'public, max-age=3600, stale-while-revalidate=86400'));

  app.get('/embed/v/:file', (c) => {
    if (c.req.param('file') !== `${WIDGET_HASH}.js`) {
      throw new NotFoundError(
        `This version of embed.js does not exist; the current one is ${site.publicBaseUrl}${WIDGET_VERSIONED_PATH}.`,
      );
    }
    return serveWidget(c, 'public, max-age=31536000, immutable');
  });

  const servePage = async (c: Context, scope: FeedScope) => {
    const options = parseEmbedOptions(c.req.query());
    const { feed, version } = await feeds.feedModel(scope, { limit: options.limit }, embedView(options));
    return respond(c, {
      ...version,
      now: now(),
      cacheControl: feedCacheControl(cache, now(), version.nextDueAt),
      contentType: 'text/html; charset=utf-8',
      headers: {
        'Content-Security-Policy': HEADLINES_PAGE_CSP,
        'Referrer-Policy': 'strict-origin-when-cross-origin',
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      },
      body: () => renderHeadlinesPage(feed, options).toString(),
    });
  };

  app.get('/embed/site', (c) => servePage(c, SITE));

  app.get('/embed/:kind/:slug', (c, next) => {
    const scope = scopeFromPath(c.req.param('kind'), c.req.param('slug'));
    return scope ? servePage(c, scope) : next();
  });

  return app;
}
