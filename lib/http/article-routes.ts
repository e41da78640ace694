import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  ArticleIdSchema,
  ArticleInputSchema,
  ArticleSchema as CompleteArticleSchema,
} from '../articles/article';
import type { Precondition, Publishing, WriteResult } from '../articles/publishing';
import type { KeyService } from '../auth/key-service';
import type { SiteConfig } from '../config';
import { cursorFromClient } from '../cursor';
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

export const ListQuerySchema = z.strictObject({
  status: z.enum(['draft', 'published']).default('published'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(400).optional(),
});

/** An article as stored and served: id and updatedAt always present. */
const ArticleSchema = CompleteArticleSchema.required({ id: true, updatedAt: true }).openapi('Article');

/** A write's answer: the stored article and which of its fields wirefeed derived (not stored). */
const ArticleWrittenSchema = ArticleSchema.extend({
  derived: z.array(z.string()).describe('JSON pointers of derived fields, e.g. /slug, /url, /authors/0/slug'),
}).openapi('ArticleWritten', {
  description:
    'The stored article, and which of its fields wirefeed derived because the request left them out.',
});

const ArticleListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        status: z.string(),
        publishedAt: z.string(),
        updatedAt: z.string(),
        url: z.string(),
      }),
    ),
    next: z.url().optional().describe('Absent on the last page.'),
  })
  .openapi('ArticleList');

/** RFC 9110 §13.1.1 If-Match: `*` or a list of strong entity tags (weak ones never match). */
function parseIfMatch(header: string | undefined): Precondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return { kind: 'any' };
  return {
    kind: 'etags',
    etags: header
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t.startsWith('"')),
  };
}

const idParams = z.object({ id: ArticleIdSchema });
const ifMatch = z.object({
  'If-Match': z
    .string()
    .optional()
    .describe(
      'The ETag of the version this change is based on, or `*`: 412 when the article is at another version.',
    ),
});
const withHeaders = <T extends z.ZodType>(schema: T, description: string, headers: string[]) => ({
  ...json(schema, description),
  headers: Object.fromEntries(headers.map((h) => [h, { schema: { type: 'string' as const } }])),
});

/** Articles for newsrooms and importers: publish, correct, schedule, delete, list. */
export function articleRoutes({
  publishing,
  keys,
  site,
}: {
  publishing: Publishing;
  keys: Pick<KeyService, 'authorize'>;
  site: SiteConfig;
}) {
  const routes = apiRoutes({ notFound: 'There is no such article.' });
  const articleBody = jsonRequestBody(routes, 'ArticleInput', ArticleInputSchema);

  const write = requireScope(keys, 'articles:write');
  const read = requireScope(keys, 'articles:read');

  const location = (id: string) => `${site.publicBaseUrl}/api/articles/${encodeURIComponent(id)}`;
  /**
   * A write's headers and body: the stored article plus which of its fields wirefeed
   * derived (JSON pointers; not stored). The caller answers 201 (created) or 200.
   */
  const written = (c: Context, { stored, etag, created, derived }: WriteResult) => {
    c.header('ETag', etag);
    c.header('Cache-Control', 'no-store');
    if (created) c.header('Location', location(stored.article.id));
    return { ...stored.article, derived };
  };

  routes.openapi(
    createRoute({
      method: 'post',
      path: '/articles',
      operationId: 'createArticle',
      summary: 'Create an article (scope articles:write)',
      description:
        'Only `title` is required (with `contentHtml` or `summary` for readers). Left out, `slug` comes from the title (made unique), an author `slug` from the name, `authors` is the site, `publishedAt` is now, `language` SITE_LANGUAGE and `url` ARTICLE_URL_TEMPLATE. What is given always wins; `derived` lists what was derived.',
      middleware: [write, ...jsonBody],
      request: { body: articleBody },
      responses: {
        201: withHeaders(ArticleWrittenSchema, 'Created.', ['Location', 'ETag']),
        409: problem('An article with this id exists.'),
        ...BODY_ERRORS,
        ...COMMON_ERRORS,
      },
    }),
    async (c) => c.json(written(c, await publishing.createArticle(await readJson(c))), 201),
  );

  routes.openapi(
    createRoute({
      method: 'get',
      path: '/articles',
      operationId: 'listArticles',
      summary: 'List articles by status, drafts included (scope articles:read)',
      middleware: [read],
      request: { query: ListQuerySchema },
      responses: {
        200: json(ArticleListSchema, 'Most recently changed first; follow `next` for more.'),
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      const { status, limit, cursor } = c.req.valid('query');
      const page = await publishing.listArticles(status, {
        limit,
        cursor: cursor ? cursorFromClient('cursor', cursor) : undefined,
      });
      const next = page.cursor
        ? `${site.publicBaseUrl}/api/articles?${new URLSearchParams({ status, limit: String(limit), cursor: page.cursor })}`
        : undefined;
      c.header('Cache-Control', 'private, no-cache');
      return c.json(
        {
          items: page.articles.map(({ id, title, status, publishedAt, updatedAt, url }) => ({
            id,
            title,
            status,
            publishedAt,
            updatedAt,
            url,
          })),
          next,
        },
        200,
      );
    },
  );

  routes.openapi(
    createRoute({
      method: 'get',
      path: '/articles/{id}',
      operationId: 'getArticle',
      summary: 'Read one article, drafts included (scope articles:read)',
      middleware: [read],
      request: { params: idParams },
      responses: {
        200: withHeaders(ArticleSchema, 'The article.', ['ETag']),
        404: problem('No such article.'),
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      const { stored, etag } = await publishing.getArticle(c.req.valid('param').id);
      c.header('ETag', etag);
      c.header('Cache-Control', 'private, no-cache');
      return c.json(stored.article, 200);
    },
  );

  routes.openapi(
    createRoute({
      method: 'put',
      path: '/articles/{id}',
      operationId: 'putArticle',
      summary: 'Create or replace an article, idempotently (scope articles:write)',
      middleware: [write, ...jsonBody],
      request: { params: idParams, headers: ifMatch, body: articleBody },
      responses: {
        200: withHeaders(ArticleWrittenSchema, 'Replaced (or unchanged).', ['ETag']),
        201: withHeaders(ArticleWrittenSchema, 'Created.', ['Location', 'ETag']),
        412: problem('If-Match did not match the current version.'),
        ...BODY_ERRORS,
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = await readJson(c);
      const result = await publishing.putArticle(id, body, parseIfMatch(c.req.header('If-Match')));
      return result.created ? c.json(written(c, result), 201) : c.json(written(c, result), 200);
    },
  );

  routes.openapi(
    createRoute({
      method: 'delete',
      path: '/articles/{id}',
      operationId: 'deleteArticle',
      summary: 'Delete an article: it leaves every feed (scope articles:write)',
      middleware: [write],
      request: { params: idParams, headers: ifMatch },
      responses: {
        204: { description: 'Deleted.' },
        404: problem('No such article.'),
        412: problem('If-Match did not match the current version.'),
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      await publishing.deleteArticle(c.req.valid('param').id, parseIfMatch(c.req.header('If-Match')));
      return c.body(null, 204);
    },
  );

  return routes;
}
