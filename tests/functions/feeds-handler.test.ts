import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPublishing } from '../../lib/articles/publishing';
import { DynamoArticleStore } from '../../lib/store/dynamo-article-store';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { clientFor, freshTable } from '../support/engines';
import { anArticleInput, hoursAgo } from '../support/fixtures';
import { httpApiEvent } from '../support/http-api-event';

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'feeds',
  awsRequestId: 'req-1',
} as Context;

describe('functions/feeds handler', () => {
  let engine: Awaited<ReturnType<typeof startEmbeddedEngine>>;
  let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

  beforeAll(async () => {
    engine = await startEmbeddedEngine();
    const client = clientFor(engine.endpoint);
    const table = await freshTable(client);
    const store = new DynamoArticleStore({ client, tableName: table, siteTitle: 'Baobab Post' });
    const now = () => new Date();
    await createPublishing({ store, now }).publishArticle(
      anArticleInput({ id: 'lambda-1', title: 'From Lambda', publishedAt: hoursAgo(1, new Date()) }),
    );
    // functions/feeds.ts reads its configuration once, at import: set it first.
    vi.stubEnv('TABLE_NAME', table);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', engine.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('PUBLIC_BASE_URL', 'https://feeds.baobabpost.example');
    ({ handler } = (await import('../../functions/feeds')) as never);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await engine.close();
  });

  it('serves a feed for an HTTP API v2 event', async () => {
    const res = (await handler(httpApiEvent('/rss.xml') as unknown as APIGatewayProxyEventV2, context)) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(res.body).toContain('<title>From Lambda</title>');
    expect(res.body).toContain('href="https://feeds.baobabpost.example/rss.xml"');
    expect(res.body).not.toContain('execute-api');
  });

  it('answers a bad query with a 400 problem, not a 500', async () => {
    const res = (await handler(
      httpApiEvent('/feed.json', 'limit=500') as unknown as APIGatewayProxyEventV2,
      context,
    )) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(res.body).errors[0].parameter).toBe('limit');
  });
});
