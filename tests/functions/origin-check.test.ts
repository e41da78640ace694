import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { articleDefaults } from '../../lib/articles/derive';
import { createPublishing } from '../../lib/articles/publishing';
import { ORIGIN_VERIFY_HEADER } from '../../lib/http/origin-check';
import { DynamoArticleStore } from '../../lib/store/dynamo-article-store';
import { DynamoSlugRegistry } from '../../lib/store/dynamo-slug-registry';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { type AwsStandIn, startAwsStandIn } from '../support/aws-stand-in';
import { clientFor, freshTable } from '../support/engines';
import { anArticleInput, hoursAgo, testConfig } from '../support/fixtures';
import { type HttpRequest, httpApiEvent } from '../support/http-api-event';

/**
 * The functions behind CloudFront refuse what did not come through it (the API's own
 * execute-api address): no `x-origin-verify`, or a wrong one, is a 403 problem before
 * any DynamoDB call. Through the real Lambda handlers, with Secrets Manager and the
 * table behind a local stand-in that counts every call.
 */

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:wirefeed-origin-AbCdEf';
const CURRENT = 'current-9f2c1e0a6b7d4c3e8f1a2b3c4d5e6f70';
const PREVIOUS = 'previous-0a1b2c3d4e5f60718293a4b5c6d7e8f9';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;
interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

describe('origin check (x-origin-verify) in the functions behind CloudFront', () => {
  let engine: Awaited<ReturnType<typeof startEmbeddedEngine>>;
  let aws: AwsStandIn;
  const handlers: Record<string, Handler> = {};

  const invoke = async (fn: string, path: string, request: HttpRequest = {}) =>
    (await handlers[fn]!(
      httpApiEvent(path, '', request) as unknown as APIGatewayProxyEventV2,
      {
        callbackWaitsForEmptyEventLoop: false,
        functionName: fn,
        awsRequestId: 'req-1',
      } as Context,
    )) as LambdaResult;

  beforeAll(async () => {
    engine = await startEmbeddedEngine();
    aws = await startAwsStandIn(engine.endpoint);
    aws.secrets.set(SECRET_ARN, { AWSCURRENT: CURRENT, AWSPREVIOUS: PREVIOUS });
    const client = clientFor(engine.endpoint);
    const table = await freshTable(client);
    await createPublishing({
      store: new DynamoArticleStore({ client, tableName: table, siteTitle: 'Baobab Post' }),
      slugs: new DynamoSlugRegistry(client, table),
      defaults: articleDefaults(testConfig().site),
      now: () => new Date(),
    }).publishArticle(anArticleInput({ id: 'edge-1', title: 'Via CloudFront', publishedAt: hoursAgo(1) }));
    // The functions read their configuration once, at import: set it first.
    vi.stubEnv('TABLE_NAME', table);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', aws.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', aws.endpoint);
    vi.stubEnv('ORIGIN_SECRET_ARN', SECRET_ARN);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('PUBLIC_BASE_URL', 'https://feeds.baobabpost.example');
    vi.stubEnv('WEBSUB_VERIFY_QUEUE_URL', `${aws.endpoint}/queue/verify`);
    vi.stubEnv('WEBSUB_DELIVERY_QUEUE_URL', `${aws.endpoint}/queue/delivery`);
    for (const fn of ['feeds', 'articles', 'websub-hub'])
      handlers[fn] = ((await import(`../../functions/${fn}.ts`)) as { handler: Handler }).handler;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await aws.close();
    await engine.close();
  });

  const REQUESTS = [
    ['feeds', '/rss.xml', {}],
    [
      'articles',
      '/api/articles',
      { routeKey: 'ANY /api/{proxy+}', headers: { authorization: 'Bearer wf_x' } },
    ],
    ['websub-hub', '/websub', { method: 'POST', routeKey: 'POST /websub', body: 'hub.mode=subscribe' }],
  ] as const;

  it.each(REQUESTS)(
    '%s: without the header, 403 before any DynamoDB or Secrets Manager call',
    async (fn, path, request) => {
      const before = aws.calls.length;
      const res = await invoke(fn, path, request as HttpRequest);
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(aws.calls.slice(before)).toEqual([]);
    },
  );

  it.each(REQUESTS)('%s: with a wrong value, 403 without touching the table', async (fn, path, request) => {
    const before = aws.callsTo('DynamoDB_').length;
    const res = await invoke(fn, path, {
      ...(request as HttpRequest),
      headers: { ...(request as HttpRequest).headers, [ORIGIN_VERIFY_HEADER]: `${CURRENT}x` },
    });
    expect(res.statusCode).toBe(403);
    expect(aws.callsTo('DynamoDB_').length).toBe(before);
  });

  it.each([CURRENT, PREVIOUS])(
    'feeds: the current and the previous value (mid-rotation) are served',
    async (value) => {
      const res = await invoke('feeds', '/rss.xml', { headers: { [ORIGIN_VERIFY_HEADER]: value } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    },
  );

  it('articles: with the header the request gets as far as the key check (401, not 403)', async () => {
    const res = await invoke('articles', '/api/articles', {
      routeKey: 'ANY /api/{proxy+}',
      headers: { authorization: 'Bearer wf_x', [ORIGIN_VERIFY_HEADER]: CURRENT },
    });
    expect(res.statusCode).toBe(401);
  });

  it('reads the secret signed with SigV4, both stages, once per instance within the cache time', () => {
    const reads = aws.callsTo('secretsmanager.');
    // Each function (feeds, articles, hub) read both stages once, at its first request
    // with the header, and not again for the later ones.
    expect(reads.map((r) => r.body.VersionStage).sort()).toEqual([
      'AWSCURRENT',
      'AWSCURRENT',
      'AWSCURRENT',
      'AWSPREVIOUS',
      'AWSPREVIOUS',
      'AWSPREVIOUS',
    ]);
    for (const read of reads) {
      expect(read.body.SecretId).toBe(SECRET_ARN);
      expect(read.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/secretsmanager\/aws4_request, SignedHeaders=[^,]*x-amz-target/,
      );
    }
  });
});
