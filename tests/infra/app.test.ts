import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildFeedsBundle, contributors } from '../../bench/bundle-size';
import { BUNDLE_BUDGET_BYTES, BUNDLE_FILE } from '../../infra/constructs/bundling';
import { createArticleStore } from '../../lib/app';
import { createPublishing } from '../../lib/articles/publishing';
import { loadConfig } from '../../lib/config';
import { seedSampleArticles } from '../../lib/local/seed';
import { createDocumentClient, ensureTable, LOCAL_CREDENTIALS } from '../../lib/store/client';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { testApp } from './support/app';

/**
 * The whole app as `cdk synth` builds it: bundling on (the local esbuild), cdk-nag on.
 * Slower than the per-stack tests, so it synthesizes once for every test here.
 */

interface LambdaResult {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** An API Gateway HTTP API (payload format 2.0) event, as the `$default` route sends it. */
function httpApiEvent(path: string, query = '') {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: {
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'Amazon CloudFront',
      'accept-encoding': 'gzip',
    },
    queryStringParameters: query ? Object.fromEntries(new URLSearchParams(query)) : undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'GET',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'Amazon CloudFront',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '26/Nov/2026:08:00:00 +0000',
      timeEpoch: 1_795_680_000_000,
    },
    body: null,
    isBase64Encoded: false,
  };
}

describe('the whole app, synthesized with bundling', () => {
  let outdir: string;
  let bundleDir: string;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'wirefeed-synth-'));
    // Throws if cdk-nag (or any validation) reports a finding nobody acknowledged.
    testApp({}, { bundling: true, outdir }).app.synth();
    const assets = JSON.parse(readFileSync(join(outdir, 'WirefeedDevApi.assets.json'), 'utf8'));
    const dirs = Object.values(assets.files as Record<string, { source: { path: string } }>)
      .map(({ source }) => join(outdir, source.path))
      .filter((dir) => existsSync(join(dir, BUNDLE_FILE)));
    expect(dirs).toHaveLength(1);
    bundleDir = dirs[0]!;
  }, 120_000);

  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('writes both stacks and a validation report with nothing in it', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));

    expect(existsSync(join(outdir, 'WirefeedDevData.template.json'))).toBe(true);
    expect(existsSync(join(outdir, 'WirefeedDevApi.template.json'))).toBe(true);
    expect(report.pluginReports).toEqual([]);
  });

  it('bundles the feeds function as minified ESM with a source map, the AWS SDK inside', () => {
    const bundle = readFileSync(join(bundleDir, BUNDLE_FILE), 'utf8');

    expect(existsSync(join(bundleDir, `${BUNDLE_FILE}.map`))).toBe(true);
    expect(bundle.startsWith('import { createRequire as __wirefeedCreateRequire }')).toBe(true);
    expect(bundle).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
  });

  it(`keeps the feeds bundle within ${BUNDLE_BUDGET_BYTES} bytes, per esbuild's metafile`, async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'wirefeed-bundle-'));
    try {
      const bench = await buildFeedsBundle(scratch);
      const largest = contributors(bench.metafile)
        .slice(0, 5)
        .map(({ name, bytes }) => `${name} ${bytes}`)
        .join(', ');

      // Same options, same bytes: what the bench measures is what NodejsFunction shipped.
      expect(statSync(join(bundleDir, BUNDLE_FILE)).size).toBe(bench.bytes);
      expect(bench.bytes, `largest contributors: ${largest}`).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('loads in a fresh Node process with the runtime flags, outside any test transform', () => {
    // Vitest's module runner gives modules a `require`; plain Node ESM does not. This load
    // proves the bundle needs nothing the banner does not provide.
    const url = pathToFileURL(join(bundleDir, BUNDLE_FILE)).href;
    const script = `const { handler } = await import(${JSON.stringify(url)}); process.stdout.write(typeof handler);`;
    const output = execFileSync(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      {
        env: { ...process.env, TABLE_NAME: 'wirefeed', PUBLIC_BASE_URL: 'https://feeds.example.org' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );

    expect(output).toBe('function');
  });

  it('serves an RSS feed from the bundle as Lambda would load it', async () => {
    const engine = await startEmbeddedEngine();
    try {
      const tableName = 'wirefeed-bundle';
      const client = createDocumentClient({
        region: 'us-east-1',
        endpoint: engine.endpoint,
        credentials: LOCAL_CREDENTIALS,
      });
      await ensureTable(client, tableName);
      // Articles go in through lib/ from source; the bundle must read them back.
      const store = createArticleStore({ config: loadConfig({ TABLE_NAME: tableName }), client });
      const now = new Date();
      await seedSampleArticles(createPublishing({ store, now: () => now }), now);

      // The bundle reads its configuration when it loads, as it does on a cold start.
      vi.stubEnv('TABLE_NAME', tableName);
      vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', engine.endpoint);
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
      vi.stubEnv('AWS_REGION', 'us-east-1');
      vi.stubEnv('PUBLIC_BASE_URL', 'https://feeds.example.org');
      const { handler } = (await import(pathToFileURL(join(bundleDir, BUNDLE_FILE)).href)) as {
        handler: (event: unknown, context: unknown) => Promise<LambdaResult>;
      };
      const response = await handler(httpApiEvent('/rss.xml', 'limit=3'), {});

      expect(response.statusCode).toBe(200);
      expect(response.headers?.['content-type']).toMatch(/^application\/rss\+xml/);
      expect(response.isBase64Encoded).toBe(false);
      expect(response.body).toContain('<rss');
      expect(response.body).toContain('https://feeds.example.org/rss.xml');
      expect(response.body.match(/<item>/g)).toHaveLength(3);
    } finally {
      await engine.close();
    }
    // Vitest transforms the whole bundle before running it: seconds on a busy machine.
  }, 60_000);
});
