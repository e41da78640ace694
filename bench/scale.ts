/**
 * Case (f), run by bench/run.ts in its own process: the site feed's latency with 100 and
 * with 100,000 articles in the embedded engine (in-memory dynalite, one engine each).
 *
 * Every request is a cold 200 from a fresh runtime (createFeedsRuntime, head cache 0, an
 * empty render cache), so each one reads the head (GetItem), queries the page (Query,
 * 20 items) and renders RSS, exactly as a render-cache miss does in production. The
 * requests go through the feeds app in-process (`app.request`), one at a time; the
 * engine is reached over loopback HTTP by the real SDK. The two engines are measured in
 * alternation, several rounds, and each figure is the median of the rounds.
 *
 * It sends its result to the parent over IPC, or prints it when run alone:
 *   npx tsx bench/scale.ts
 */

import { SITE } from '../lib/feeds/scope';
import { createFeedsRuntime } from '../lib/feeds-runtime';
import { createArticleStore } from '../lib/runtime-deps';
import { createDocumentClient, ensureTable, LOCAL_CREDENTIALS } from '../lib/store/client';
import { startEmbeddedEngine } from '../lib/store/embedded-engine';
import { bulkLoadSiteFeed, manyArticles } from './bulk-seed';
import { storedArticles } from './feed-model';
import { benchConfig } from './fixtures';
import { otherCores, sampleLoad } from './machine';
import { median, percentile, round } from './stats';

/** bench/run.ts imports only this file's types: importing a value would run the bench. */
const SCALE_SIZES = [100, 100_000] as const;

export interface ScaleResult {
  articles: number;
  seedSeconds: number;
  /** Whole request: head GetItem, page Query, render, response. */
  p50Ms: number;
  p99Ms: number;
  /** The page Query alone (store.queryFeed, 20 items), for attribution. */
  queryP50Ms: number;
  /** The head GetItem alone (store.getFeedHead, no cache), for attribution. */
  headP50Ms: number;
  /** Per round; `otherBusy`: cores' worth of other work on the machine meanwhile (noise). */
  rounds: { p50Ms: number; p99Ms: number; otherBusy: number }[];
  bodyChars: number;
}

const POOL = 200;
const NOW = new Date('2026-11-26T08:00:00.000Z');

async function feedOver(articles: number, now: Date) {
  const engine = await startEmbeddedEngine();
  const client = createDocumentClient({
    region: 'us-east-1',
    endpoint: engine.endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  const config = benchConfig({ FEED_HEAD_CACHE_MS: '0' });
  await ensureTable(client, config.tableName);
  const started = performance.now();
  const pool = storedArticles(Math.min(POOL, articles), now);
  await bulkLoadSiteFeed(client, config.tableName, config.site.title, manyArticles(pool, articles, now));
  const seedSeconds = (performance.now() - started) / 1000;
  return { articles, engine, config, client, store: createArticleStore({ config, client }), seedSeconds };
}

type Target = Awaited<ReturnType<typeof feedOver>>;

/**
 * Each request gets a fresh runtime, built before the clock starts: its render cache is
 * empty and its head cache off (FEED_HEAD_CACHE_MS=0), so the request reads the head,
 * queries the page and renders, as a render-cache miss does in production.
 */
async function timeRequests(target: Target, count: number): Promise<{ samples: number[]; chars: number }> {
  const samples: number[] = [];
  let chars = 0;
  for (let i = 0; i < count; i++) {
    const { feedsApp } = createFeedsRuntime({ config: target.config, client: target.client, now: () => NOW });
    const start = performance.now();
    const res = await feedsApp.request('http://localhost/rss.xml');
    const text = await res.text();
    samples.push(performance.now() - start);
    if (res.status !== 200) throw new Error(`expected 200, got ${res.status}`);
    chars = text.length;
  }
  return { samples, chars };
}

async function timeCalls(count: number, call: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function runScaleBench({
  rounds = Number(process.argv[2] ?? 5),
  requests = 150,
} = {}): Promise<ScaleResult[]> {
  const now = NOW;
  const targets: Target[] = [];
  for (const size of SCALE_SIZES) targets.push(await feedOver(size, now));
  for (const t of targets) await timeRequests(t, 20);
  const perRound = targets.map(() => [] as { p50Ms: number; p99Ms: number; otherBusy: number }[]);
  const queries = targets.map(() => [] as number[]);
  const heads = targets.map(() => [] as number[]);
  const chars = targets.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...targets.keys()].reverse() : [...targets.keys()];
    for (const i of order) {
      const load = sampleLoad();
      const { samples, chars: c } = await timeRequests(targets[i]!, requests);
      perRound[i]!.push({
        p50Ms: percentile(samples, 50),
        p99Ms: percentile(samples, 99),
        otherBusy: otherCores(load),
      });
      const { store } = targets[i]!;
      queries[i]!.push(
        percentile(await timeCalls(requests / 2, () => store.queryFeed(SITE, { limit: 20, now })), 50),
      );
      heads[i]!.push(percentile(await timeCalls(requests / 2, () => store.getFeedHead(SITE)), 50));
      chars[i] = c;
    }
  }
  for (const t of targets) await t.engine.close();
  return targets.map((t, i) => ({
    articles: t.articles,
    seedSeconds: round(t.seedSeconds, 1),
    p50Ms: round(median(perRound[i]!.map((r) => r.p50Ms))),
    p99Ms: round(median(perRound[i]!.map((r) => r.p99Ms))),
    queryP50Ms: round(median(queries[i]!)),
    headP50Ms: round(median(heads[i]!)),
    rounds: perRound[i]!.map((r) => ({
      p50Ms: round(r.p50Ms),
      p99Ms: round(r.p99Ms),
      otherBusy: round(r.otherBusy),
    })),
    bodyChars: chars[i]!,
  }));
}

const results = await runScaleBench();
if (process.send) process.send({ type: 'scale', results }, () => process.exit(0));
else console.log(JSON.stringify(results, null, 2));
