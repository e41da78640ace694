import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { articleDefaults } from '../../lib/articles/derive';
import { createPublishing } from '../../lib/articles/publishing';
import { PUBLIC_MISS_CACHE_CONTROL } from '../../lib/http/cache-control';
import { DynamoArticleStore } from '../../lib/store/dynamo-article-store';
import { DynamoSlugRegistry } from '../../lib/store/dynamo-slug-registry';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { clientFor, freshTable } from '../support/engines';
import { anArticleInput, hoursAgo, testConfig } from '../support/fixtures';
import { type HttpRequest, httpApiEvent } from '../support/http-api-event';
import { stubLambdaEnv } from '../support/lambda-env';
import { emfMetrics, jsonLinesOf } from '../support/output-lines';

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'feeds',
  awsRequestId: 'req-1',
} as Context;

interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** The bytes a client gets: base64 undone as API Gateway does, then the content coding. */
function decoded(res: LambdaResult): Buffer {
  const wire = Buffer.from(res.body, res.isBase64Encoded ? 'base64' : 'utf8');
  const coding = res.headers['content-encoding'];
  return coding === 'br' ? brotliDecompressSync(wire) : coding === 'gzip' ? gunzipSync(wire) : wire;
}

describe('functions/feeds handler', () => {
  let engine: Awaited<ReturnType<typeof startEmbeddedEngine>>;
  let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;
  const invoke = async (path: string, query = '', request: HttpRequest = {}) =>
    (await handler(
      httpApiEvent(path, query, request) as unknown as APIGatewayProxyEventV2,
      context,
    )) as LambdaResult;

  beforeAll(async () => {
    engine = await startEmbeddedEngine();
    const client = clientFor(engine.endpoint);
    const table = await freshTable(client);
    const store = new DynamoArticleStore({ client, tableName: table, siteTitle: 'Baobab Post' });
    const now = () => new Date();
    const slugs = new DynamoSlugRegistry(client, table);
    await createPublishing({
      store,
      slugs,
      defaults: articleDefaults(testConfig().site),
      now,
    }).publishArticle(
      anArticleInput({ id: 'lambda-1', title: 'From Lambda', publishedAt: hoursAgo(1, new Date()) }),
    );
    // functions/feeds.ts reads its configuration once, at import: set it first.
    stubLambdaEnv(table, engine.endpoint);
    ({ handler } = (await import('../../functions/feeds')) as never);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await engine.close();
  });

  it('serves a feed for an HTTP API v2 event', async () => {
    const res = await invoke('/rss.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const body = decoded(res).toString();
    expect(body).toContain('<title>From Lambda</title>');
    expect(body).toContain('href="https://feeds.baobabpost.example/rss.xml"');
    expect(body).not.toContain('execute-api');
  });

  it('answers a bad query with a 400 problem, not a 500', async () => {
    const res = await invoke('/feed.json', 'limit=500');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(decoded(res).toString()).errors[0].parameter).toBe('limit');
  });

  it('counts answers and render-cache use as CloudWatch metrics (EMF), one line per invocation', async () => {
    const lines = await jsonLinesOf(async () => {
      const first = await invoke('/atom.xml', 'limit=7');
      await invoke('/atom.xml', 'limit=7'); // the same version: rendered once, served from the cache
      await invoke('/atom.xml', 'limit=7', { headers: { 'if-none-match': first.headers.etag as string } });
      await invoke('/no-such-feed.xml');
    });
    const emf = emfMetrics(lines);
    expect(lines.filter((l) => l._aws)).toHaveLength(4);
    expect(emf.sums).toEqual({
      Responses200: 2,
      RenderCacheMisses: 1,
      RenderCacheHits: 1,
      Responses304: 1,
      Responses4xx: 1,
    });
    expect(emf).toMatchObject({ namespaces: ['wirefeed'], dimensions: ['service=wirefeed'] });
  });

  describe('4xx that CloudFront may cache briefly (floods of random paths and bad queries)', () => {
    it.each([
      ['an unknown path', '/no-such-feed-8d1f.xml', ''],
      ['an unknown category', '/categories/no-such-category/rss.xml', ''],
      ['a malformed query', '/feed.json', 'limit=500'],
    ])('%s: public, max-age=60', async (_what, path, query) => {
      const res = await invoke(path, query);
      expect([400, 404]).toContain(res.statusCode);
      expect(res.headers['cache-control']).toBe(PUBLIC_MISS_CACHE_CONTROL);
    });

    it('keeps no-store where credentials came with the request, and on 401', async () => {
      const withKey = await invoke('/no-such-feed.xml', '', { headers: { authorization: 'Bearer wf_nope' } });
      expect(withKey.statusCode).toBe(404);
      expect(withKey.headers['cache-control']).toBe('no-store');
      const withToken = await invoke('/feed.json', 'limit=500&token=nope');
      expect(withToken.statusCode).toBe(400);
      expect(withToken.headers['cache-control']).toBe('no-store');
      const badToken = await invoke('/rss.xml', 'token=nope');
      expect(badToken.statusCode).toBe(401);
      expect(badToken.headers['cache-control']).toBe('no-store');
    });
  });

  describe('compression (CloudFront forwards a normalized Accept-Encoding)', () => {
    const CODINGS = [
      { accept: undefined, coding: undefined },
      { accept: 'gzip', coding: 'gzip' },
      { accept: 'br,gzip', coding: 'br' },
    ] as const;
    const ask = (
      file: string,
      accept: string | undefined,
      more: Record<string, string> = {},
      method = 'GET',
    ) =>
      invoke(`/${file}`, 'limit=50', {
        method,
        headers: { 'accept-encoding': accept as string, ...more },
      });

    it.each(['rss.xml', 'atom.xml', 'feed.json'])(
      '%s: gzip and br with the same bytes decoded, each encoding its own strong ETag',
      async (file) => {
        const answers = [];
        for (const { accept, coding } of CODINGS) {
          const res = await ask(file, accept);
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-encoding']).toBe(coding);
          expect(res.headers.vary).toContain('Accept-Encoding');
          expect(res.headers.etag).toMatch(/^"[^"]+"$/);
          expect(Number(res.headers['content-length'])).toBe(
            Buffer.from(res.body, res.isBase64Encoded ? 'base64' : 'utf8').length,
          );
          answers.push({ res, body: decoded(res) });
        }
        const [identity, ...encoded] = answers.map((a) => a.body);
        for (const body of encoded) expect(body.equals(identity as Buffer)).toBe(true);
        expect(new Set(answers.map((a) => a.res.headers.etag)).size).toBe(3);
      },
    );

    it('answers 304 to the tag of the encoding it would send, and 200 to another encoding’s tag', async () => {
      const tags: Record<string, string> = {};
      for (const { accept } of CODINGS)
        tags[accept ?? 'identity'] = (await ask('atom.xml', accept)).headers.etag as string;
      for (const { accept } of CODINGS) {
        const mine = tags[accept ?? 'identity'] as string;
        const again = await ask('atom.xml', accept, { 'if-none-match': mine });
        expect(again.statusCode).toBe(304);
        expect(again.headers.etag).toBe(mine);
        for (const other of Object.values(tags).filter((t) => t !== mine)) {
          expect((await ask('atom.xml', accept, { 'if-none-match': other })).statusCode).toBe(200);
        }
      }
    });

    it('HEAD sends the Content-Length and ETag that GET sends, for every encoding', async () => {
      for (const { accept } of CODINGS) {
        const get = await ask('feed.json', accept);
        const head = await ask('feed.json', accept, {}, 'HEAD');
        expect(head.statusCode).toBe(200);
        expect(head.body).toBe('');
        expect(head.headers['content-length']).toBe(get.headers['content-length']);
        expect(head.headers.etag).toBe(get.headers.etag);
        expect(head.headers['content-encoding']).toBe(get.headers['content-encoding']);
      }
    });
  });
});
