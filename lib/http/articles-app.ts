import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import * as z from 'zod';
import { ArticleIdSchema } from '../articles/article';
import { assertJsonDepth } from '../articles/json-depth';
import type { Precondition, Publishing, WriteResult } from '../articles/publishing';
import { feedKey, feedOfPath, isFeedKey } from '../audience/feed-of-path';
import { defaultRange, type StatsService } from '../audience/stats-service';
import { type KeyScope, NewKeySchema } from '../auth/api-key';
import type { KeyService } from '../auth/key-service';
import type { PartnerUsage } from '../auth/partner-usage';
import type { SiteConfig } from '../config';
import { NotFoundError, ValidationError, WirefeedError } from '../errors';
import type { SourceRegistry } from '../sources/source-registry';
import { fieldIssues } from '../zod-issues';
import { buildOpenApiDocument } from './openapi';
import { notFound, onError, problemResponse } from './problem';

export const MAX_BODY_BYTES = 256 * 1024;

export interface ArticlesAppDeps {
  publishing: Publishing;
  keys: KeyService;
  usage: PartnerUsage;
  stats: StatsService;
  site: SiteConfig;
  now?: () => Date;
  /** Followed sources (`/api/sources`); absent, those routes are not served. */
  sources?: SourceRegistry;
}

const day = z.iso.date({ error: 'must be a date like 2026-11-26' });
export const UsageQuerySchema = z.strictObject({ from: day.optional(), to: day.optional() });

/** `feed`: a feed's key (`site/rss`, `category#politics/atom`) or its path (`/categories/politics/atom.xml`). */
export const StatsQuerySchema = UsageQuerySchema.extend({
  feed: z
    .string()
    .max(300)
    .transform((value, ctx) => {
      const ref = value.startsWith('/') ? feedOfPath(value) : undefined;
      if (ref) return feedKey(ref);
      if (isFeedKey(value)) return value;
      ctx.addIssue({
        code: 'custom',
        message: 'must be a feed like site/rss or /categories/politics/atom.xml',
      });
      return z.NEVER;
    })
    .optional(),
});

export const ListQuerySchema = z.strictObject({
  status: z.enum(['draft', 'published']).default('published'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(400).optional(),
});

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

const encodeCursor = (sk: string) => Buffer.from(sk).toString('base64url');
function decodeCursor(cursor: string): string {
  const sk = Buffer.from(cursor, 'base64url').toString();
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[A-Za-z0-9._~-]+$/.test(sk)) {
    throw new ValidationError('The cursor is not one this API gave out.', [
      { parameter: 'cursor', detail: 'invalid' },
    ]);
  }
  return sk;
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
  now = () => new Date(),
  sources,
}: ArticlesAppDeps) {
  const app = new Hono().basePath('/api');
  app.onError(onError);
  app.notFound(notFound);

  const requireScope = (scope: KeyScope) =>
    createMiddleware(async (c, next) => {
      await keys.authorize(c.req.header('Authorization'), scope);
      await next();
    });

  /** JSON bodies only (415), at most 256 KB (413), parsed (400 on bad JSON). */
  const jsonBody = [
    createMiddleware(async (c, next) => {
      const type = c.req.header('Content-Type') ?? '';
      if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
        return problemResponse(c, {
          title: 'Unsupported Media Type',
          status: 415,
          detail: `Send the body as application/json, not ${type ? `"${type.slice(0, 60)}"` : 'without a Content-Type'}.`,
        });
      }
      await next();
    }),
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // RFC 9110 §15.5.14: the rest of the body is not read, so the connection cannot be
      // reused; say so, rather than close a socket the client thinks is kept alive.
      onError: (c) =>
        problemResponse(
          c,
          {
            title: 'Content Too Large',
            status: 413,
            detail: `The body is over ${MAX_BODY_BYTES} bytes.`,
          },
          { Connection: 'close' },
        ),
    }),
  ];

  async function readJson(c: Context): Promise<unknown> {
    const text = await c.req.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ValidationError('The body is not valid JSON.', [
        { pointer: '', detail: (error as Error).message },
      ]);
    }
    assertJsonDepth(value);
    return value;
  }

  const location = (id: string) => `${site.publicBaseUrl}/api/articles/${encodeURIComponent(id)}`;
  // The stored article, plus which of its fields wirefeed derived (JSON pointers; not stored).
  const writeResponse = (c: Context, { stored, etag, created, derived }: WriteResult) => {
    c.header('ETag', etag);
    c.header('Cache-Control', 'no-store');
    if (created) c.header('Location', location(stored.article.id));
    return c.json({ ...stored.article, derived }, created ? 201 : 200);
  };

  const articleId = (c: Context) => {
    const parsed = ArticleIdSchema.safeParse(c.req.param('id'));
    if (!parsed.success) throw new WirefeedError(404, 'Not Found', 'There is no such article.');
    return parsed.data;
  };

  app.get('/openapi.json', (c) => c.json(buildOpenApiDocument(site)));

  app.post('/articles', requireScope('articles:write'), ...jsonBody, async (c) =>
    writeResponse(c, await publishing.createArticle(await readJson(c))),
  );

  app.put('/articles/:id', requireScope('articles:write'), ...jsonBody, async (c) => {
    const id = articleId(c);
    const body = await readJson(c);
    return writeResponse(c, await publishing.putArticle(id, body, parseIfMatch(c.req.header('If-Match'))));
  });

  app.delete('/articles/:id', requireScope('articles:write'), async (c) => {
    await publishing.deleteArticle(articleId(c), parseIfMatch(c.req.header('If-Match')));
    return c.body(null, 204);
  });

  app.get('/articles/:id', requireScope('articles:read'), async (c) => {
    const { stored, etag } = await publishing.getArticle(articleId(c));
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    return c.json(stored.article);
  });

  app.get('/articles', requireScope('articles:read'), async (c) => {
    const query = ListQuerySchema.safeParse(c.req.query());
    if (!query.success) throw new ValidationError('Invalid query.', fieldIssues(query.error, 'query'));
    const { status, limit, cursor } = query.data;
    const page = await publishing.listArticles(status, { limit, cursor: cursor && decodeCursor(cursor) });
    const next = page.cursor
      ? `${site.publicBaseUrl}/api/articles?${new URLSearchParams({ status, limit: String(limit), cursor: encodeCursor(page.cursor) })}`
      : undefined;
    c.header('Cache-Control', 'private, no-cache');
    return c.json({
      items: page.articles.map(({ id, title, status, publishedAt, updatedAt, url }) => ({
        id,
        title,
        status,
        publishedAt,
        updatedAt,
        url,
      })),
      next,
    });
  });

  if (sources) {
    // Following reads the world into the articles: the same scope as writing them.
    app.post('/sources', requireScope('articles:write'), ...jsonBody, async (c) => {
      const { source, created } = await sources.follow(
        (await readJson(c)) as { url?: unknown; every?: unknown },
      );
      c.header('Cache-Control', 'no-store');
      return c.json(source, created ? 201 : 200);
    });
    app.get('/sources', requireScope('articles:read'), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ items: await sources.list() });
    });
    app.delete('/sources/:id', requireScope('articles:write'), async (c) => {
      if (!(await sources.unfollow(c.req.param('id')))) throw new NotFoundError('There is no such source.');
      return c.body(null, 204);
    });
  }

  app.post('/keys', requireScope('keys:admin'), ...jsonBody, async (c) => {
    const input = NewKeySchema.safeParse(await readJson(c));
    if (!input.success)
      throw new ValidationError('The key request is not valid.', fieldIssues(input.error, 'body'));
    const created = await keys.createKey(input.data);
    c.header('Cache-Control', 'no-store');
    c.header('Location', `${site.publicBaseUrl}/api/keys/${created.id}`);
    return c.json(created, 201);
  });

  app.get('/keys', requireScope('keys:admin'), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ items: await keys.listKeys() });
  });

  app.get('/partners/:id/usage', requireScope('keys:admin'), async (c) => {
    const query = UsageQuerySchema.safeParse(c.req.query());
    if (!query.success) throw new ValidationError('Invalid query.', fieldIssues(query.error, 'query'));
    const today = now().toISOString().slice(0, 10);
    const to = query.data.to ?? today;
    const from = query.data.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
    if (from > to) {
      throw new ValidationError('from must not be after to.', [
        { parameter: 'from', detail: `must be on or before to (${to}), got "${from}"` },
      ]);
    }
    const days = await usage.daily(c.req.param('id'), from, to);
    c.header('Cache-Control', 'no-store');
    return c.json({
      partner: c.req.param('id'),
      from,
      to,
      total: days.reduce((n, d) => n + d.requests, 0),
      days,
    });
  });

  app.get('/stats', requireScope('keys:admin'), async (c) => {
    const query = StatsQuerySchema.safeParse(c.req.query());
    if (!query.success) throw new ValidationError('Invalid query.', fieldIssues(query.error, 'query'));
    const range = defaultRange(now(), query.data.from, query.data.to);
    c.header('Cache-Control', 'no-store');
    return c.json(await stats.report({ ...range, feed: query.data.feed }));
  });

  app.delete('/keys/:id', requireScope('keys:admin'), async (c) => {
    await keys.revokeKey(c.req.param('id'));
    return c.body(null, 204);
  });

  return app;
}
