import { Hono } from 'hono';
import type { SiteConfig } from '../config';
import { ValidationError } from '../errors';
import { FEED_FORMATS, type FeedFormat } from '../feeds/feed';
import { DEFAULT_LIMIT, type FeedService, MAX_LIMIT } from '../feeds/feed-service';
import { type FeedScope, SCOPE_PATHS, SITE } from '../feeds/scope';
import { renderIndexPage } from './index-page';
import { JSON_FEED_EXTENSION_DOC } from './json-feed-extension';
import { notFound, onError } from './problem';

export interface FeedsAppDeps {
  feeds: FeedService;
  site: SiteConfig;
}

const FORMAT_BY_FILE = new Map(
  Object.entries(FEED_FORMATS).map(([format, { file }]) => [file, format as FeedFormat]),
);
const KIND_BY_PATH = new Map<string, keyof typeof SCOPE_PATHS>(
  Object.entries(SCOPE_PATHS).map(([kind, path]) => [path, kind as keyof typeof SCOPE_PATHS]),
);

/** `?limit=N`, 1–100, default 20; anything else is a 400 naming the parameter. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new ValidationError(`limit must be a whole number from 1 to ${MAX_LIMIT}.`, [
      { parameter: 'limit', detail: `must be an integer from 1 to ${MAX_LIMIT}, got "${raw.slice(0, 40)}"` },
    ]);
  }
  return limit;
}

/** The public, read-only app: feeds and the page that lists them. */
export function createFeedsApp({ feeds, site }: FeedsAppDeps) {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);

  const serveFeed = async (scope: FeedScope, format: FeedFormat, limitParam: string | undefined) => {
    const limit = parseLimit(limitParam);
    const feed = await feeds.renderFeed(scope, format, { limit });
    return new Response(feed.body, {
      headers: {
        'Content-Type': `${feed.mediaType}; charset=utf-8`,
        'Last-Modified': feed.updated.toUTCString(),
        'Cache-Control': 'public, max-age=300',
      },
    });
  };

  app.get('/', async (c) => c.html(renderIndexPage(site, await feeds.listFeeds())));

  app.get('/about/json-feed-extension', (c) => c.text(JSON_FEED_EXTENSION_DOC));

  app.get('/:file', async (c, next) => {
    const format = FORMAT_BY_FILE.get(c.req.param('file'));
    if (!format) return next();
    return serveFeed(SITE, format, c.req.query('limit'));
  });

  app.get('/:kind/:slug/:file', async (c, next) => {
    const kind = KIND_BY_PATH.get(c.req.param('kind'));
    const format = FORMAT_BY_FILE.get(c.req.param('file'));
    const slug = c.req.param('slug');
    if (!kind || !format || !/^[a-z0-9-]{1,100}$/.test(slug)) return next();
    return serveFeed({ kind, slug }, format, c.req.query('limit'));
  });

  return app;
}
