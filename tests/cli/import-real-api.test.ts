import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { parseRssFeed } from 'feedsmith';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cursor } from '../../lib/cursor';
import { SITE } from '../../lib/feeds/scope';
import { createFeedsRuntime } from '../../lib/feeds-runtime';
import { composeApps } from '../../lib/http/compose';
import { createDocumentClient, LOCAL_CREDENTIALS } from '../../lib/store/client';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { createWriteRuntime } from '../../lib/write-runtime';
import { freshTable } from '../support/engines';
import { NOW, testConfig } from '../support/fixtures';
import { runWirefeed } from './run-wirefeed';

/**
 * The import CLI against the real write API and store, as a publisher moving a site in
 * would run it — and with DynamoDB failing under it.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A deterministic 30% fault rate: throttles before a call lands, 500s after it landed (the response is lost). */
function injectFaults(client: ReturnType<typeof createDocumentClient>, rate: number) {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const counts = { calls: 0, throttled: 0, lostResponses: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      counts.calls++;
      const roll = random();
      if (roll < rate / 2) {
        counts.throttled++;
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
          name: 'ThrottlingException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        });
      }
      const result = await next(args);
      if (roll < rate) {
        counts.lostResponses++;
        throw Object.assign(new Error('Internal server error'), {
          name: 'InternalServerError',
          $fault: 'server',
          $metadata: { httpStatusCode: 500 },
        });
      }
      return result;
    },
    // Inside the SDK's retry loop: each attempt can fail, and the SDK retries it.
    { step: 'finalizeRequest', priority: 'low', name: 'injectFaults' },
  );
  return counts;
}

/**
 * The SDK's standard retries, minus the waiting and minus the retry quota (a token
 * bucket that, under a sustained 30% failure rate, soon stops all retries: right for
 * production, where it prevents retry storms, but it would turn this test into one of
 * the CLI's backoff instead of the store's idempotence).
 */
function immediateRetries(maxAttempts: number) {
  const token = (count: number) => ({
    getRetryCount: () => count,
    getRetryDelay: () => 0,
    getRetryCost: () => 0,
  });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: { getRetryCount(): number }, info: { errorType: string }) => {
      const count = previous.getRetryCount() + 1;
      if (count >= maxAttempts || info.errorType === 'CLIENT_ERROR') throw new Error('no more retries');
      return token(count);
    },
    recordSuccess: () => {},
  };
}

async function aServer({ faults = 0 } = {}) {
  const engine = await startEmbeddedEngine();
  const client = createDocumentClient({
    region: 'us-east-1',
    endpoint: engine.endpoint,
    credentials: LOCAL_CREDENTIALS,
    // No backoff delay: the faults are the point, not the waiting.
    retryStrategy: immediateRetries(5),
  });
  const config = testConfig({ TABLE_NAME: await freshTable(client), FEED_HEAD_CACHE_MS: '0' });
  const reads = createFeedsRuntime({ config, client, now: () => NOW });
  const writes = createWriteRuntime({ config, client, now: () => NOW, store: reads.store });
  const { key } = await writes.keys.createKey({ name: 'importer', scopes: ['articles:write'] });
  const counts = faults ? injectFaults(client, faults) : undefined;
  const server = serve({
    fetch: composeApps([writes.articlesApp, reads.feedsApp]).fetch,
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise((r) => server.once('listening', r));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  cleanups.push(engine.close, () => new Promise<void>((r) => server.close(() => r())));
  return {
    api,
    key,
    reads,
    writes,
    client,
    counts,
    stopFaults: () => client.middlewareStack.remove('injectFaults'),
  };
}

const workdir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirefeed-import-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

describe('importing a real-world RSS export into the real API', () => {
  it('yields every entry exactly once, twice over, with absolute URLs, authors, categories and images', async () => {
    const { api, key, reads } = await aServer();
    const source = fileURLToPath(new URL('../fixtures/import/wordpress.rss.xml', import.meta.url));
    const cwd = workdir();
    const env = { WIREFEED_API_URL: api, WIREFEED_API_KEY: key };
    const first = await runWirefeed(['import', source], { cwd, env });
    expect(first.stdout).toMatch(/^7 created, 0 updated, 1 rejected$/m);
    const second = await runWirefeed(['import', source], { cwd, env });
    expect(second.stdout).toMatch(/^0 created, 7 updated, 1 rejected$/m);

    const feed = await reads.feeds.resolveFeed(SITE, 'rss', { limit: 100 });
    const items = parseRssFeed(new TextDecoder().decode(await feed.body())).items ?? [];
    expect(items).toHaveLength(7);
    expect(new Set(items.map((i) => i.guid?.value)).size).toBe(7);
    const solar = items.find((i) => i.title?.startsWith('Niamey'))!;
    expect(solar.link).toBe('https://sahelledger.example/2026/03/12/niamey-solar-market-doubles/');
    expect(solar.dc?.creators).toEqual(['Halima Issoufou']);
    expect(solar.categories?.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Economy', 'Energy', 'Niger']),
    );
    expect(solar.media?.contents?.[0]?.url).toBe(
      'https://sahelledger.example/wp-content/uploads/2026/03/katako-solar.jpg',
    );
    const body = solar.content?.encoded ?? '';
    expect(body).toContain('href="https://sahelledger.example/2026/02/20/grid-outages-niamey/"');
    expect(body).toContain(
      'src="https://sahelledger.example/wp-content/uploads/2026/03/katako-solar-1024x683.jpg"',
    );
    expect(body).not.toMatch(/<script|href="\/|src="\//);
  });
});

describe('importing 2,000 articles while DynamoDB fails 30% of calls', () => {
  it('loses nothing and duplicates nothing', { timeout: 600_000 }, async () => {
    const { api, key, reads, writes, counts, stopFaults } = await aServer({ faults: 0.3 });
    const cwd = workdir();
    const file = join(cwd, 'archive.ndjson');
    const ids = Array.from({ length: 2_000 }, (_, i) => `arc-${String(i).padStart(4, '0')}`);
    writeFileSync(
      file,
      ids
        .map((id, i) =>
          JSON.stringify({
            id,
            slug: id,
            title: `Archive story ${i}`,
            summary: `Story ${i} from the archive.`,
            contentHtml: `<p>Body ${i}</p>`,
            authors: [
              {
                name: i % 2 ? 'Kwame Mensah' : 'Aminata Diallo',
                slug: i % 2 ? 'kwame-mensah' : 'aminata-diallo',
              },
            ],
            publishedAt: new Date(NOW.getTime() - (i + 1) * 60_000).toISOString(),
            updatedAt: new Date(NOW.getTime() - (i + 1) * 60_000).toISOString(),
            categories: [i % 3 ? 'Politics' : 'Health'],
            language: 'en',
            url: `https://baobabpost.example/archive/${id}`,
          }),
        )
        .join('\n'),
    );
    const run = await runWirefeed(['import', file, '--concurrency', '8', '--backoff-base-ms', '0'], {
      cwd,
      env: { WIREFEED_API_URL: api, WIREFEED_API_KEY: key },
    });
    stopFaults();
    const summary = /^(\d+) created, (\d+) updated, (\d+) rejected$/m.exec(run.stdout);
    expect(summary, run.stdout + run.stderr).not.toBeNull();
    const [created, updated, rejected] = summary!.slice(1).map(Number);
    const rejectsFile = join(cwd, 'wirefeed-rejects.ndjson');
    expect(rejected, existsSync(rejectsFile) ? readFileSync(rejectsFile, 'utf8').slice(0, 3000) : '').toBe(0);
    expect(run.code).toBe(0);
    expect(created! + updated!).toBe(2_000);
    // The faults really happened, and some outlived the SDK's retries (503s the CLI retried).
    expect(counts!.throttled).toBeGreaterThan(1_000);
    expect(counts!.lostResponses).toBeGreaterThan(1_000);

    // Every article exactly once: in the store, in the site feed, in its category feed.
    const walk = async (scope: Parameters<typeof reads.store.queryFeed>[0]) => {
      const seen: string[] = [];
      let before: Cursor | undefined;
      for (;;) {
        const page = await reads.store.queryFeed(scope, { limit: 100, now: NOW, before });
        seen.push(...page.map((e) => e.article.id));
        if (page.length < 100) return seen;
        before = page.at(-1)!.position;
      }
    };
    const site = await walk(SITE);
    expect(site).toHaveLength(2_000);
    expect(new Set(site)).toEqual(new Set(ids));
    const politics = await walk({ kind: 'category', slug: 'politics' });
    const health = await walk({ kind: 'category', slug: 'health' });
    expect(politics.length + health.length).toBe(2_000);
    expect(new Set([...politics, ...health]).size).toBe(2_000);
    for (const id of ids.slice(0, 50))
      expect((await writes.publishing.getArticle(id)).stored.pending).toBe(false);
    // A marker whose own deletion failed past every retry may be left; the feeds were
    // already right without it, and the sweep changes nothing but the marker.
    await reads.store.repairPending(NOW);
    expect(await walk(SITE)).toEqual(site);
  });
});
