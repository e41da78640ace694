/**
 * "Internet scale, on paper" (docs/performance.md): what serving 1,000,000 hourly
 * subscriptions to 300 feeds costs on AWS with this design, and what rendering every
 * poll would cost instead. Feed sizes and durations come from the last bench run:
 *
 *   npx tsx bench/cost-model.ts            # reads bench/results/latest.json
 *
 * Every assumption and price is a named constant below; docs/performance.md gives the
 * sources. Months are 30 days.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** us-east-1 list prices, USD (sources and confirmation status: docs/performance.md). */
const PRICES = {
  cloudFrontPerGbFirst10Tb: 0.085,
  cloudFrontPerGbNext40Tb: 0.08,
  cloudFrontHttpsPer10k: 0.01,
  originShieldPer10k: 0.0075,
  httpApiPerMillion: 1.0,
  /** HTTP API, requests beyond the first 300 million a month. */
  httpApiPerMillionOver300M: 0.9,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillion: 0.2,
  dynamoPerMillionRru: 0.125,
  /** Internet egress from API Gateway / EC2 (first 10 TB tier, used as a flat rate). */
  egressPerGb: 0.09,
  /** m7g.large (2 vCPU, 8 GiB) on-demand, Linux, per hour. */
  m7gLargePerHour: 0.0816,
};

const ASSUMPTIONS = {
  subscriptions: 1_000_000,
  pollsPerHour: 1,
  hoursPerMonth: 720,
  feeds: 300,
  formats: 3,
  /** FEED_MAX_AGE default: CloudFront revalidates a key at most this often. */
  ttlSeconds: 300,
  /** Regional edge caches that each revalidate a key through Origin Shield. */
  regionalEdgeCaches: 13,
  /** Polls that carry If-None-Match/If-Modified-Since and find the feed unchanged: answered 304 at the edge. */
  edgeNotModifiedShare: 1 / 3,
  /** Polls without Accept-Encoding get the uncompressed feed. */
  uncompressedShare: 0.05,
  /** Response headers, bytes (200 and 304 alike). */
  headerBytes: 450,
  articlesPerDay: 100,
  /** Feeds one article is in: site + 2 categories + 4 tags + 1 author. */
  feedsPerArticle: 8,
  /** Lambda instances that each render a new version once (render cache is per instance). */
  lambdaInstances: 2,
  lambdaMemoryGb: 1,
  /** DynamoDB GetItem round trip from Lambda, ms (in-region, single-digit ms). */
  dynamoGetMs: 4,
  /** DynamoDB Query of a 20-item page (~120 KB), ms. */
  dynamoQueryMs: 10,
  /**
   * Lambda at 1024 MB gets 1024/1769 of a vCPU, on Graviton: CPU time measured on this
   * bench machine is multiplied by this to estimate Lambda time.
   */
  lambdaCpuFactor: 2,
  /** A WordPress feed request (WP_Query + the_content filters + template), CPU ms. */
  wordpressCpuMs: 150,
  /** Peak-to-average of polling load (readers poll on the hour) and target CPU use. */
  peakFactor: 2,
  targetUtilisation: 0.6,
  headRru: 0.5,
  pageRru: 15,
};

interface BenchResults {
  sizes: Record<string, { bytes: number; gzip: number; brotli: number }>;
  http: { name: string; serverCpuMicros: number }[];
  render: { items: number; renderer: string; msPerRender: number }[];
  scale: { articles: number; p50Ms: number; queryP50Ms: number; headP50Ms: number }[];
}

const GB = 1e9;
const money = (n: number) => `$${n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 0 })}`;
const count = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

function cloudFrontTransfer(gb: number): number {
  const first = Math.min(gb, 10_240);
  return first * PRICES.cloudFrontPerGbFirst10Tb + Math.max(0, gb - 10_240) * PRICES.cloudFrontPerGbNext40Tb;
}

function costModel(bench: BenchResults, a = ASSUMPTIONS) {
  const sizes = Object.values(bench.sizes);
  const gzip = sizes.reduce((s, x) => s + x.gzip, 0) / sizes.length;
  const raw = sizes.reduce((s, x) => s + x.bytes, 0) / sizes.length;
  const renderMs = bench.render.find((r) => r.items === 20 && r.renderer === 'wirefeed rss')!.msPerRender;
  const cpu304Ms = bench.http.find((h) => h.name === '304')!.serverCpuMicros / 1000;
  // A cold 200 in (f), less its two engine round trips: the app's own time for a render miss
  // (items from entries, render, response), which Lambda pays at its CPU share.
  const [cold] = bench.scale;
  const renderMissAppMs = Math.max(renderMs, cold!.p50Ms - cold!.queryP50Ms - cold!.headP50Ms);

  // Edge: every poll.
  const polls = a.subscriptions * a.pollsPerHour * a.hoursPerMonth;
  const notModified = polls * a.edgeNotModifiedShare;
  const full = polls - notModified;
  const bodyBytes = (1 - a.uncompressedShare) * gzip + a.uncompressedShare * raw;
  const edgeGb = (full * (bodyBytes + a.headerBytes) + notModified * a.headerBytes) / GB;
  const edge = {
    requests: polls,
    gb: edgeGb,
    requestCost: (polls / 10_000) * PRICES.cloudFrontHttpsPer10k,
    transferCost: cloudFrontTransfer(edgeGb),
  };

  // Origin: a function of keys × TTL, not of subscribers (Origin Shield collapses the edges).
  const keys = a.feeds * a.formats;
  const perKeyPerMonth = (a.hoursPerMonth * 3600) / a.ttlSeconds;
  const originRequests = Math.min(polls, keys * perKeyPerMonth);
  const shieldRequests = Math.min(polls, originRequests * a.regionalEdgeCaches);
  const versions = a.articlesPerDay * 30 * a.feedsPerArticle * a.formats;
  const renders = Math.min(originRequests, versions * a.lambdaInstances);
  const revalidations = originRequests - renders;
  // Billed ms, rounded up per invocation: 304 = head read + a little CPU; render = head + page + render.
  const ms304 = Math.ceil(a.dynamoGetMs + cpu304Ms * a.lambdaCpuFactor);
  const msRender = Math.ceil(a.dynamoGetMs + a.dynamoQueryMs + renderMissAppMs * a.lambdaCpuFactor);
  const gbSeconds = ((revalidations * ms304 + renders * msRender) / 1000) * a.lambdaMemoryGb;
  const rru = originRequests * a.headRru + renders * a.pageRru;
  const origin = {
    requests: originRequests,
    shieldRequests,
    renders,
    ms304,
    msRender,
    gbSeconds,
    rru,
    shieldCost: (shieldRequests / 10_000) * PRICES.originShieldPer10k,
    apiCost: (originRequests / 1e6) * PRICES.httpApiPerMillion,
    lambdaCost: (originRequests / 1e6) * PRICES.lambdaPerMillion + gbSeconds * PRICES.lambdaArmPerGbSecond,
    dynamoCost: (rru / 1e6) * PRICES.dynamoPerMillionRru,
  };

  // Render every poll (WordPress-style, no CDN caching), on the same Lambda and table.
  const perPollMs = msRender;
  const apiPerPoll =
    (Math.min(polls, 300e6) / 1e6) * PRICES.httpApiPerMillion +
    (Math.max(0, polls - 300e6) / 1e6) * PRICES.httpApiPerMillionOver300M;
  const noCdn = {
    msPerPoll: perPollMs,
    apiCost: apiPerPoll,
    lambdaCost:
      (polls / 1e6) * PRICES.lambdaPerMillion +
      ((polls * perPollMs) / 1000) * a.lambdaMemoryGb * PRICES.lambdaArmPerGbSecond,
    dynamoCost: ((polls * (a.headRru + a.pageRru)) / 1e6) * PRICES.dynamoPerMillionRru,
    egressCost: edgeGb * PRICES.egressPerGb,
  };
  // PHP/MySQL on EC2: CPU for every poll, sized for the peak.
  const averageVcpus = (polls / (a.hoursPerMonth * 3600)) * (a.wordpressCpuMs / 1000);
  const vcpus = Math.ceil((averageVcpus * a.peakFactor) / a.targetUtilisation);
  const wordpress = {
    averageVcpus,
    vcpus,
    computeCost: Math.ceil(vcpus / 2) * PRICES.m7gLargePerHour * a.hoursPerMonth,
    egressCost: edgeGb * PRICES.egressPerGb,
  };
  return { gzip, raw, bodyBytes, renderMissAppMs, edge, origin, noCdn, wordpress };
}

function main() {
  const bench = JSON.parse(readFileSync(join(ROOT, 'bench/results/latest.json'), 'utf8')) as BenchResults;
  const m = costModel(bench);
  const { edge, origin, noCdn, wordpress } = m;
  const edgeTotal = edge.requestCost + edge.transferCost;
  const originTotal = origin.shieldCost + origin.apiCost + origin.lambdaCost + origin.dynamoCost;
  console.log(
    `Feed (20 items): ${count(m.raw)} bytes raw, ${count(m.gzip)} gzip; average body ${count(m.bodyBytes)}`,
  );
  console.log(
    `CloudFront: ${count(edge.requests)} requests ${money(edge.requestCost)}, ${count(edge.gb)} GB ${money(edge.transferCost)}`,
  );
  console.log(
    `Origin: ${count(origin.requests)} requests (${count(origin.renders)} renders), Origin Shield ${count(origin.shieldRequests)} requests ${money(origin.shieldCost)}`,
  );
  console.log(`  API Gateway ${money(origin.apiCost)}`);
  console.log(
    `  Lambda ${money(origin.lambdaCost)} (${count(origin.gbSeconds)} GB-s; 304 ${origin.ms304} ms, render ${origin.msRender} ms)`,
  );
  console.log(`  DynamoDB ${count(origin.rru)} RRU ${money(origin.dynamoCost)}`);
  console.log(
    `wirefeed total: ${money(edgeTotal + originTotal)} (edge ${money(edgeTotal)}, origin ${money(originTotal)})`,
  );
  const noCdnTotal = noCdn.apiCost + noCdn.lambdaCost + noCdn.dynamoCost + noCdn.egressCost;
  console.log(
    `Render every poll on Lambda, no CDN: API ${money(noCdn.apiCost)}, Lambda ${money(noCdn.lambdaCost)} (${noCdn.msPerPoll} ms each), ` +
      `DynamoDB ${money(noCdn.dynamoCost)}, egress ${money(noCdn.egressCost)}: ${money(noCdnTotal)}`,
  );
  console.log(
    `WordPress on EC2: ${wordpress.averageVcpus.toFixed(0)} vCPUs average, ${wordpress.vcpus} provisioned ` +
      `${money(wordpress.computeCost)} + egress ${money(wordpress.egressCost)} (+ database)`,
  );
}

main();
