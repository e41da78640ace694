import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDS_TIMEOUT } from '../../infra/stacks/api-stack';
import { createFeedsRuntime } from '../../lib/feeds-runtime';
import { AWS_TIMEOUTS, createDocumentClient, LOCAL_CREDENTIALS, MAX_ATTEMPTS } from '../../lib/store/client';
import { NOW, testConfig } from '../support/fixtures';

/**
 * A DynamoDB endpoint that accepts connections and never answers (a real TCP server,
 * not an SDK mock): with the per-attempt limits used on AWS, a feed request fails within
 * the feeds function's timeout as a 503 problem, not a 500 or a Lambda timeout.
 */
describe('per-attempt SDK timeouts', () => {
  let server: Server;
  let endpoint: string;
  const sockets = new Set<Socket>();
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      // Reads the request and never writes a byte back.
      socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    endpoint = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a feed request 503 with Retry-After within the feeds timeout when DynamoDB hangs', async () => {
    // Prepare: the feeds as on AWS, but their DynamoDB never answers.
    const client = createDocumentClient({
      region: 'us-east-1',
      endpoint,
      credentials: LOCAL_CREDENTIALS,
      timeouts: AWS_TIMEOUTS,
    });
    const { feedsApp } = createFeedsRuntime({ config: testConfig(), client, now: () => NOW });

    // Act
    const started = performance.now();
    const res = await feedsApp.request('http://localhost/rss.xml');
    const elapsed = performance.now() - started;

    // Assess: every attempt was made and timed out, and the reader got a problem.
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { status: number }).status).toBe(503);
    expect(connections).toBe(MAX_ATTEMPTS);
    // An upper bound only: without the limits the request would hang for good.
    expect(elapsed).toBeLessThan(FEEDS_TIMEOUT.toMilliseconds());
  }, 60_000);

  it('applies the AWS limits by default when no endpoint is given, and none to local engines', async () => {
    const handlerConfig = async (options: { endpoint?: string }) => {
      const client = createDocumentClient({ region: 'eu-west-1', ...options });
      const handler = client.config.requestHandler as unknown as {
        httpHandlerConfigs?: () => Record<string, unknown>;
        configProvider?: Promise<Record<string, unknown>>;
      };
      // The handler resolves its configuration on first use.
      return handler.configProvider ? await handler.configProvider : handler.httpHandlerConfigs?.();
    };

    expect(await handlerConfig({})).toMatchObject({
      connectionTimeout: AWS_TIMEOUTS.connectionMs,
      requestTimeout: AWS_TIMEOUTS.requestMs,
      throwOnRequestTimeout: true,
    });
    expect((await handlerConfig({ endpoint: 'http://127.0.0.1:1' }))?.requestTimeout).toBeUndefined();
  });
});
