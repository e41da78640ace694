import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { Publishing } from '../articles/publishing';
import type { StatsService } from '../audience/stats-service';
import type { KeyService } from '../auth/key-service';
import type { PartnerUsage } from '../auth/partner-usage';
import type { SiteConfig } from '../config';
import type { SourceRegistry } from '../sources/source-registry';
import { articleRoutes } from './article-routes';
import { keyRoutes } from './key-routes';
import { buildOpenApiDocument } from './openapi';
import { notFound, onError } from './problem';
import { sourceRoutes } from './source-routes';
import { statsRoutes } from './stats-routes';

export { MAX_BODY_BYTES } from './json-body';

export interface ArticlesAppDeps {
  publishing: Publishing;
  keys: KeyService;
  usage: PartnerUsage;
  stats: StatsService;
  site: SiteConfig;
  now: () => Date;
  /** Followed sources (`/api/sources`); absent, those routes are not served. */
  sources?: SourceRegistry;
  /**
   * More route groups (`apiRoutes()` from ./api-routes.ts, each route declared with
   * `createRoute`), mounted under /api beside the articles and keys and described in
   * the same OpenAPI document.
   */
  routes?: OpenAPIHono[];
  /** Routes under /api that another app serves (e.g. the hub's), described in the same document. */
  documented?: RouteConfig[];
}

/**
 * The write API, under /api: articles for newsrooms and importers, API keys for admins.
 * Every route authenticates and authorizes before it touches article data.
 */
export function createArticlesApp({
  publishing,
  keys,
  usage,
  stats,
  site,
  now,
  routes = [],
  documented = [],
  sources,
}: ArticlesAppDeps) {
  const api = new OpenAPIHono();
  for (const route of documented) api.openAPIRegistry.registerPath(route);
  for (const group of [
    articleRoutes({ publishing, keys, site }),
    keyRoutes({ keys, usage, site, now }),
    statsRoutes({ stats, keys, now }),
    ...(sources ? [sourceRoutes({ sources, keys })] : []),
    ...routes,
  ])
    api.route('/', group);
  // Built on first request, once: a cold start that serves no document pays nothing for it.
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  api.get('/openapi.json', (c) => {
    document ??= buildOpenApiDocument(api, site);
    return c.json(document);
  });

  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  app.route('/api', api);
  return app;
}
