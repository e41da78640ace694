import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUNDLES, buildBundle, contributors } from '../../bench/bundle-size';
import { BUNDLE_FILE } from '../../infra/constructs/bundling';
import { createKeyService } from '../../lib/auth/key-service';
import { loadConfig } from '../../lib/config';
import { seedSampleArticles } from '../../lib/local/seed';
import { createDocumentClient, ensureTable, LOCAL_CREDENTIALS } from '../../lib/store/client';
import { DynamoKeyStore } from '../../lib/store/dynamo-key-store';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { createWriteRuntime } from '../../lib/write-runtime';
import { anArticleInput } from '../support/fixtures';
import { type HttpRequest, httpApiEvent } from '../support/http-api-event';
import { testApp } from './support/app';

/**
 * The whole app as `cdk synth` builds it: bundling on (the local esbuild), cdk-nag on.
 * Slower than the per-stack tests, so it synthesizes once for every test here.
 */

const execFileAsync = promisify(execFile);

type BundleName = (typeof BUNDLES)[number]['name'];

interface LambdaResult {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** A request on the write API's route, `ANY /api/{proxy+}`. */
function writeApiEvent(method: string, path: string, request: Pick<HttpRequest, 'headers' | 'body'> = {}) {
  return httpApiEvent(path, '', {
    ...request,
    method,
    routeKey: 'ANY /api/{proxy+}',
    pathParameters: { proxy: path.replace(/^\/api\//, '') },
  });
}

/**
 * Imports `bundle` in a fresh Node process with the runtime's flags, as Lambda does, and
 * runs `events` through its handler in turn. Asynchronous, so that an embedded engine
 * in this process keeps answering the bundle's DynamoDB calls meanwhile.
 */
async function invokeInFreshNode(
  bundle: string,
  events: unknown[],
  env: Record<string, string>,
): Promise<LambdaResult[]> {
  const script = [
    `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
    'const results = [];',
    `for (const event of ${JSON.stringify(events)}) results.push(await handler(event, {}));`,
    // Its own line: the handler writes its logs and EMF metrics to stdout too, as on Lambda.
    "process.stdout.write('\\nRESULTS ' + JSON.stringify(results));",
  ].join('\n');
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', script],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  const results = stdout.split('\n').find((line) => line.startsWith('RESULTS '));
  return JSON.parse(results?.slice('RESULTS '.length) ?? 'null') as LambdaResult[];
}

describe('the whole app, synthesized with bundling', () => {
  let outdir: string;
  /** Each function's bundle as NodejsFunction shipped it (a folder holding index.mjs). */
  const bundleDirs: Partial<Record<BundleName, string>> = {};
  const bundle = (name: BundleName) => join(bundleDirs[name]!, BUNDLE_FILE);

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'wirefeed-synth-'));
    // Throws if cdk-nag (or any validation) reports a finding nobody acknowledged.
    testApp({}, { bundling: true, outdir }).app.synth();
    const assets = JSON.parse(readFileSync(join(outdir, 'WirefeedDevApi.assets.json'), 'utf8'));
    // Each asset is named after its construct: `Feeds/Function/Code`, `Articles/Function/Code`.
    for (const { displayName, source } of Object.values(
      assets.files as Record<string, { displayName?: string; source: { path: string } }>,
    )) {
      const dir = join(outdir, source.path);
      const name = displayName?.match(/^(\w+)\/Function\/Code$/)?.[1]?.toLowerCase();
      if (name && existsSync(join(dir, BUNDLE_FILE))) bundleDirs[name as BundleName] = dir;
    }
    expect(Object.keys(bundleDirs).sort()).toEqual(['articles', 'feeds']);
  }, 120_000);

  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('writes both stacks and a validation report with no violation left unacknowledged', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        conclusion: string;
        violations: unknown[];
        suppressedViolations?: { reason?: string }[];
      }[];
    };

    expect(existsSync(join(outdir, 'WirefeedDevData.template.json'))).toBe(true);
    expect(existsSync(join(outdir, 'WirefeedDevApi.template.json'))).toBe(true);
    // cdk-nag lists granular findings (IAM4/IAM5 with appliesTo) it saw acknowledged; each
    // must carry its reason, and nothing may be a violation.
    for (const plugin of report.pluginReports) {
      expect(plugin.violations).toEqual([]);
      expect(plugin.conclusion).toBe('success');
      for (const suppressed of plugin.suppressedViolations ?? [])
        expect(suppressed.reason?.length).toBeGreaterThan(20);
    }
  });

  it.each(BUNDLES)(
    'bundles the $name function as minified ESM with a source map, the AWS SDK inside',
    ({ name }) => {
      const code = readFileSync(bundle(name), 'utf8');

      expect(existsSync(`${bundle(name)}.map`)).toBe(true);
      expect(code.startsWith('import { createRequire as __wirefeedCreateRequire }')).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    },
  );

  it.each(BUNDLES)(
    "keeps the $name bundle within $budget bytes, per esbuild's metafile",
    async ({ name, entry, budget }) => {
      const scratch = mkdtempSync(join(tmpdir(), 'wirefeed-bundle-'));
      try {
        const bench = await buildBundle(entry, scratch);
        const largest = contributors(bench.metafile)
          .slice(0, 5)
          .map((contributor) => `${contributor.name} ${contributor.bytes}`)
          .join(', ');

        // Same options, same bytes: what the bench measures is what NodejsFunction shipped.
        expect(statSync(bundle(name)).size).toBe(bench.bytes);
        expect(bench.bytes, `largest contributors: ${largest}`).toBeLessThanOrEqual(budget);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );

  it.each(BUNDLES)(
    'loads the $name bundle in a fresh Node process with the runtime flags, outside any test transform',
    ({ name }) => {
      // Vitest's module runner gives modules a `require`; plain Node ESM does not. This load
      // proves the bundle needs nothing the banner does not provide; for the articles
      // bundle, that includes sanitize-html and its parsers, which are CommonJS.
      const url = pathToFileURL(bundle(name)).href;
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
    },
  );

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
      const config = loadConfig({ TABLE_NAME: tableName });
      const now = new Date();
      await seedSampleArticles(createWriteRuntime({ config, client, now: () => now }).publishing, now);

      // The bundle reads its configuration when it loads, as it does on a cold start.
      vi.stubEnv('TABLE_NAME', tableName);
      vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', engine.endpoint);
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
      vi.stubEnv('AWS_REGION', 'us-east-1');
      vi.stubEnv('PUBLIC_BASE_URL', 'https://feeds.example.org');
      const { handler } = (await import(pathToFileURL(bundle('feeds')).href)) as {
        handler: (event: unknown, context: unknown) => Promise<LambdaResult>;
      };
      // CloudFront forwards its normalized Accept-Encoding; the bundle's compression is
      // tested in tests/functions/feeds-handler.test.ts, here the plain body is read.
      const response = await handler(
        httpApiEvent('/rss.xml', 'limit=3', { headers: { 'accept-encoding': 'identity' } }),
        {},
      );

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

  it('answers the write API from the articles bundle, run in a fresh Node process as Lambda would', async () => {
    const engine = await startEmbeddedEngine();
    try {
      const tableName = 'wirefeed-write-bundle';
      const client = createDocumentClient({
        region: 'us-east-1',
        endpoint: engine.endpoint,
        credentials: LOCAL_CREDENTIALS,
      });
      await ensureTable(client, tableName);
      // The key goes in through lib/ from source, as `wirefeed keys create` will put it.
      const keys = createKeyService({ store: new DynamoKeyStore(client, tableName), now: () => new Date() });
      const { key } = await keys.createKey({ name: 'bundle-check', scopes: ['articles:write'] });
      const { id: _id, ...article } = anArticleInput({
        slug: 'bundle-check',
        contentHtml: '<p onclick="steal()">Body</p><script>steal()</script>',
      });
      const json = { 'content-type': 'application/json' };

      const [openapi, anonymous, written] = await invokeInFreshNode(
        bundle('articles'),
        [
          writeApiEvent('GET', '/api/openapi.json'),
          writeApiEvent('PUT', '/api/articles/x', { headers: json, body: JSON.stringify(article) }),
          writeApiEvent('PUT', '/api/articles/bundle-check', {
            headers: { ...json, authorization: `Bearer ${key}` },
            body: JSON.stringify(article),
          }),
        ],
        {
          TABLE_NAME: tableName,
          AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_REGION: 'us-east-1',
          PUBLIC_BASE_URL: 'https://feeds.example.org',
        },
      );

      // The OpenAPI document is public: no key needed.
      expect(openapi!.statusCode).toBe(200);
      expect(openapi!.headers?.['content-type']).toMatch(/^application\/json/);
      expect(openapi!.isBase64Encoded).toBe(false);
      expect(JSON.parse(openapi!.body)).toMatchObject({ openapi: '3.1.0' });

      // No key, no write: the function, not API Gateway, says so.
      expect(anonymous!.statusCode).toBe(401);
      expect(anonymous!.headers?.['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(anonymous!.body)).toMatchObject({ status: 401 });

      // With a key, the article is stored, its body through sanitize-html inside the bundle.
      expect(written!.statusCode, written!.body).toBe(201);
      expect(written!.headers?.location).toBe('https://feeds.example.org/api/articles/bundle-check');
      const stored = JSON.parse(written!.body) as { contentHtml: string };
      expect(stored.contentHtml).toBe('<p>Body</p>');
    } finally {
      await engine.close();
    }
  }, 60_000);
});
