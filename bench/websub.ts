/**
 * Case (g), run by bench/run.ts in its own process: the WebSub hub as `npm start` runs it
 * (the in-process worker ticking every 250 ms over in-memory dynalite), delivering to
 * subscribers on 127.0.0.1.
 *
 * - Latency: publish one article (the write API's publishing service, in-process) and
 *   time until the subscriber's callback has received a delivery containing it — p50 and
 *   p99 over `count` publishes, one at a time, with the default coalescing window (2 s)
 *   and with none (0 ms: the hub's own overhead: marker, job, render, POST).
 * - Burst: 1,000 articles published back to back (as an import does) with three
 *   subscribers (site RSS, a category's Atom, a tag's JSON Feed): deliveries each got
 *   during the import and until the hub is quiet.
 *
 *   npx tsx bench/websub.ts [count]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { slugify } from '../lib/articles/slug';
import { createFeedsRuntime } from '../lib/feeds-runtime';
import { createHubRuntime } from '../lib/hub-runtime';
import { createDocumentClient, ensureTable, LOCAL_CREDENTIALS } from '../lib/store/client';
import { startEmbeddedEngine } from '../lib/store/embedded-engine';
import { createWriteRuntime } from '../lib/write-runtime';
import { benchArticles, benchConfig } from './fixtures';
import { percentile, round } from './stats';

export interface WebSubResult {
  latency: { coalesceMs: number; publishes: number; p50Ms: number; p99Ms: number; maxMs: number }[];
  burst: { articles: number; importSeconds: number; deliveries: Record<string, number> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function aSubscriber() {
  const posts: { at: number; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET') return res.end(url.searchParams.get('hub.challenge') ?? '');
      posts.push({ at: performance.now(), body: Buffer.concat(chunks).toString() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`,
    posts,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

async function aHub(coalesceMs: number) {
  const engine = await startEmbeddedEngine();
  const client = createDocumentClient({
    region: 'us-east-1',
    endpoint: engine.endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  const config = benchConfig({ WEBSUB_COALESCE_MS: String(coalesceMs), WEBSUB_PRIVATE_CALLBACKS: 'allow' });
  await ensureTable(client, config.tableName);
  const now = () => new Date();
  const reads = createFeedsRuntime({ config, client, now });
  const writes = createWriteRuntime({ config, client, now, store: reads.store });
  const hub = createHubRuntime({
    config,
    client,
    now,
    feeds: reads.feeds,
    articles: reads.store,
    keys: writes.keys,
  });
  const worker = hub.startWorker();
  const base = config.site.publicBaseUrl;
  const subscribe = async (topic: string, callback: string) => {
    await hub.hub.request(
      new URLSearchParams({
        'hub.mode': 'subscribe',
        'hub.topic': `${base}${topic}`,
        'hub.callback': callback,
      }),
    );
    await worker.drain();
  };
  return {
    writes,
    subscribe,
    close: async () => {
      await worker.stop();
      await engine.close();
    },
  };
}

async function latency(coalesceMs: number, count: number) {
  const h = await aHub(coalesceMs);
  const sub = await aSubscriber();
  await h.subscribe('/rss.xml', sub.url);
  const articles = benchArticles(count, new Date(), 7);
  const times: number[] = [];
  for (const [i, article] of articles.entries()) {
    const title = `Latency probe ${coalesceMs}-${i}`;
    const started = performance.now();
    await h.writes.publishing.publishArticle({ ...article, title, publishedAt: new Date().toISOString() });
    while (!sub.posts.some((p) => p.body.includes(title))) {
      if (performance.now() - started > 30_000) throw new Error(`no delivery of "${title}" within 30 s`);
      await sleep(5);
    }
    times.push(sub.posts.find((p) => p.body.includes(title))!.at - started);
    await sleep(coalesceMs + 300); // let the burst window close: each publish is measured alone
  }
  await sub.close();
  await h.close();
  return {
    coalesceMs,
    publishes: count,
    p50Ms: round(percentile(times, 50), 0),
    p99Ms: round(percentile(times, 99), 0),
    maxMs: round(Math.max(...times), 0),
  };
}

async function burst(count: number) {
  const h = await aHub(2_000);
  const articles = benchArticles(count, new Date(), 11);
  // The category and tag feeds must exist before anyone can subscribe to them: one article first.
  const [seed] = benchArticles(1, new Date(Date.now() - 86_400_000), 99);
  await h.writes.publishing.publishArticle({ ...seed!, id: 'seed' });
  const category = slugify(seed?.categories?.[0] ?? 'Politics');
  const tag = slugify(seed?.tags?.[0] ?? 'Dakar');
  const topics = { '/rss.xml': '', [`/categories/${category}/atom.xml`]: '', [`/tags/${tag}/feed.json`]: '' };
  const subscribers = await Promise.all(Object.keys(topics).map(() => aSubscriber()));
  for (const [i, topic] of Object.keys(topics).entries()) await h.subscribe(topic, subscribers[i]!.url);
  await sleep(3_000); // the seed article's own delivery goes out before the import starts
  const before = subscribers.map((s) => s.posts.length);
  const started = performance.now();
  for (const article of articles) await h.writes.publishing.publishArticle(article);
  const importSeconds = (performance.now() - started) / 1000;
  // Quiet: the window closes, the last jobs run.
  await sleep(4_000);
  const deliveries = Object.fromEntries(
    Object.keys(topics).map((t, i) => [t, subscribers[i]!.posts.length - (before[i] ?? 0)]),
  );
  await Promise.all(subscribers.map((s) => s.close()));
  await h.close();
  return { articles: count, importSeconds: round(importSeconds, 1), deliveries };
}

const count = Number(process.argv[2] ?? 20);
const results: WebSubResult = {
  latency: [await latency(2_000, count), await latency(0, count)],
  burst: await burst(1_000),
};
if (process.send) process.send({ type: 'websub', results }, () => process.exit(0));
else {
  console.log(JSON.stringify(results, null, 2));
  process.exit(0);
}
