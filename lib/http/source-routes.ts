import { createRoute, z } from '@hono/zod-openapi';
import type { KeyService } from '../auth/key-service';
import { NotFoundError } from '../errors';
import type { SourceRegistry } from '../sources/source-registry';
import {
  apiRoutes,
  BODY_ERRORS,
  COMMON_ERRORS,
  json,
  jsonRequestBody,
  problem,
  requireScope,
} from './api-routes';
import { jsonBody, readJson } from './json-body';

/** What `POST /api/sources` takes, for the document; the registry validates the body. */
const FollowSchema = z.strictObject({
  url: z.url().describe('An RSS, Atom or JSON Feed URL'),
  every: z
    .union([z.string().regex(/^\d+(s|m|h|d)?$/), z.int().min(60).max(604_800)])
    .default('15m')
    .describe('Poll interval: "90s", "15m", "1h", "1d" or seconds; at least 1 minute'),
});

const SourceSchema = z
  .object({
    id: z.string(),
    url: z.url(),
    everySeconds: z.int(),
    createdAt: z.iso.datetime(),
    nextRunAt: z.iso.datetime(),
    lastRunAt: z.iso.datetime().optional(),
    lastSuccessAt: z.iso.datetime().optional(),
    lastError: z.string().optional(),
    failures: z.int().describe('Failures in a row; the retry waits every·2^(failures-1), at most 6 h'),
    etag: z.string().optional(),
    lastModified: z.string().optional(),
    lastCounts: z
      .object({ created: z.int(), updated: z.int(), unchanged: z.int(), rejected: z.int(), removed: z.int() })
      .optional(),
  })
  .openapi('Source');

/** Followed sources: wirefeed polls each feed and upserts its articles. */
export function sourceRoutes({
  sources,
  keys,
}: {
  sources: SourceRegistry;
  keys: Pick<KeyService, 'authorize'>;
}) {
  const routes = apiRoutes({ notFound: 'There is no such source.' });
  // Following reads the world into the articles: the same scope as writing them.
  const write = requireScope(keys, 'articles:write');

  routes.openapi(
    createRoute({
      method: 'post',
      path: '/sources',
      operationId: 'followSource',
      summary: 'Follow a feed: wirefeed polls it and upserts its articles (scope articles:write)',
      middleware: [write, ...jsonBody],
      request: { body: jsonRequestBody(routes, 'Follow', FollowSchema) },
      responses: {
        201: json(SourceSchema, 'Following; the first poll is due at once.'),
        200: json(SourceSchema, 'Already followed; interval updated.'),
        ...BODY_ERRORS,
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      const { source, created } = await sources.follow(
        (await readJson(c)) as { url?: unknown; every?: unknown },
      );
      c.header('Cache-Control', 'no-store');
      return created ? c.json(source, 201) : c.json(source, 200);
    },
  );

  routes.openapi(
    createRoute({
      method: 'get',
      path: '/sources',
      operationId: 'listSources',
      summary: 'Followed sources and their state (scope articles:read)',
      middleware: [requireScope(keys, 'articles:read')],
      responses: { 200: json(z.object({ items: z.array(SourceSchema) }), 'Every source.'), ...COMMON_ERRORS },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ items: await sources.list() }, 200);
    },
  );

  routes.openapi(
    createRoute({
      method: 'delete',
      path: '/sources/{id}',
      operationId: 'unfollowSource',
      summary: 'Stop following a source; its articles stay (scope articles:write)',
      middleware: [write],
      request: { params: z.object({ id: z.string() }) },
      responses: { 204: { description: 'Unfollowed.' }, 404: problem('No such source.'), ...COMMON_ERRORS },
    }),
    async (c) => {
      if (!(await sources.unfollow(c.req.valid('param').id)))
        throw new NotFoundError('There is no such source.');
      return c.body(null, 204);
    },
  );

  return routes;
}
