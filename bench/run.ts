/**
 * `npm run bench`: every case of issue 5 in one run, side by side, with ratios against
 * baselines measured in the same run. Results go to stdout and bench/results/latest.json;
 * docs/performance.md explains them.
 *
 *   (a) hello-world   Hono on @hono/node-server, GET / → "ok"
 *   (b) memory        the bytes and headers of (c), served from a string by Hono: the ceiling for a 200
 *   (c) 200           a warm 200 of /rss.xml (20 items) from the real feeds app over dynalite
 *   (d) 304           the same request with If-None-Match: its ETag
 *   (d0) static 304   a constant 304 with the app's 304 headers (diagnostic: what HTTP alone costs)
 *   (e) render        renderRss/renderAtom/renderJsonFeed vs the `feed` package, 20/50/100 items
 *   (f) scale         the site feed's cold latency with 100 and 100,000 articles in the engine
 *   (g) websub        publish → delivery latency at a local WebSub subscriber; deliveries during a 1,000-article import
 *
 * Options: --rounds=N (default 5), --seconds=N per HTTP run (default 3), --no-bundle (skip
 * bench/bundle-size.ts), --profile (write a --cpu-prof profile of the app server to a temp dir).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { benchConfig } from './fixtures';
import {
  type LoadResult,
  pinSelf,
  ROOT,
  runLoadCases,
  type Server,
  spawnBench,
  startServer,
} from './http-load';
import { describeMachine } from './machine';
import { RENDER_SIZES, type RenderResult, runRenderBench } from './render';
import { evaluateTargets, fixed, table } from './report';
import type { ScaleResult } from './scale';
import { round } from './stats';
import type { WebSubResult } from './websub';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [key, value] = a.replace(/^--/, '').split('=');
    return [key!, value ?? 'true'];
  }),
);
const ROUNDS = Number(args.get('rounds') ?? 5);
const SECONDS = Number(args.get('seconds') ?? 3);
const WARMUP_SECONDS = 1;
const CONNECTIONS = 10;

const log = (line = '') => console.log(line);
const started = performance.now();

/** Headers the HTTP server writes itself; the in-memory ceiling repeats every other header of the feed. */
const SERVER_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

async function feedSizes(app: Server) {
  const sizes: Record<string, { bytes: number; gzip: number; brotli: number }> = {};
  for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
    const body = Buffer.from(await (await fetch(`${app.url}/${file}`)).arrayBuffer());
    sizes[file] = {
      bytes: body.length,
      // The levels lib/http/compression.ts uses; CloudFront's own levels are not published.
      gzip: gzipSync(body, { level: 6 }).length,
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }).length,
    };
  }
  return sizes;
}

async function httpCases(profileDir: string | undefined) {
  const hello = await startServer('hello', { core: 1 });
  const app = await startServer('app', {
    core: 1,
    nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const first = await fetch(`${app.url}/rss.xml`);
  const body = await first.text();
  const headers = Object.fromEntries([...first.headers].filter(([name]) => !SERVER_HEADERS.has(name)));
  const etag = headers.etag!;
  const check = await fetch(`${app.url}/rss.xml`, { headers: { 'If-None-Match': etag } });
  const notModifiedHeaders = Object.fromEntries(
    [...check.headers].filter(([name]) => !SERVER_HEADERS.has(name)),
  );
  if (first.status !== 200 || check.status !== 304) {
    throw new Error(`feed app answered ${first.status} and ${check.status}, expected 200 and 304`);
  }
  const memory = await startServer('memory', {
    core: 1,
    init: { type: 'serve', body, headers, notModifiedHeaders },
  });
  const copy = await fetch(`${memory.url}/rss.xml`);
  if ((await copy.text()) !== body) throw new Error('the in-memory server does not serve the same bytes');
  const sizes = await feedSizes(app);
  log(`Site feed: ${sizes['rss.xml']!.bytes} bytes RSS, ETag ${etag}`);
  log(
    `HTTP cases: ${ROUNDS} rounds × (${WARMUP_SECONDS} s warm-up + ${SECONDS} s), ${CONNECTIONS} connections`,
  );
  const results = await runLoadCases(
    [
      { name: 'hello', server: hello, path: '/', expectStatus: 200 },
      { name: 'memory', server: memory, path: '/rss.xml', expectStatus: 200 },
      { name: '200', server: app, path: '/rss.xml', expectStatus: 200 },
      { name: '304', server: app, path: '/rss.xml', headers: { 'If-None-Match': etag }, expectStatus: 304 },
      { name: 'static 304', server: memory, path: '/304', expectStatus: 304 },
    ],
    { rounds: ROUNDS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS },
    log,
  );
  await Promise.all([hello.close(), app.close(), memory.close()]);
  return { results, sizes, feedBytes: Buffer.byteLength(body) };
}

function scaleCase(): Promise<ScaleResult[]> {
  // 100,000 entries of ~6 KB each live in this child's heap (in-memory dynalite).
  const child = spawnBench('scale.ts', [String(ROUNDS)], {
    core: 1,
    nodeFlags: ['--max-old-space-size=8192'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type: string; results: ScaleResult[] }) => {
      if (m.type === 'scale') resolve(m.results);
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`bench/scale.ts exited with ${code}`));
    });
  });
}

function websubCase(): Promise<WebSubResult> {
  const child = spawnBench('websub.ts', ['20'], { core: 1 });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type: string; results: WebSubResult }) => {
      if (m.type === 'websub') resolve(m.results);
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`bench/websub.ts exited with ${code}`));
    });
  });
}

function printWebSub(websub: WebSubResult) {
  log('(g) WebSub: publish → delivery at a subscriber on 127.0.0.1, in-process worker (250 ms ticks)');
  log(
    table(
      ['coalescing window', 'publishes', 'p50 ms', 'p99 ms', 'max ms'],
      websub.latency.map((l) => [`${l.coalesceMs} ms`, l.publishes, l.p50Ms, l.p99Ms, l.maxMs]),
    ),
  );
  const { burst } = websub;
  log(
    `  ${burst.articles}-article import in ${burst.importSeconds} s; deliveries per subscriber: ` +
      Object.entries(burst.deliveries)
        .map(([topic, n]) => `${topic} ${n}`)
        .join(', '),
  );
}

function bundleFigures(): string[] {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/bundle-size.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return out.trimEnd().split('\n');
  } catch (error) {
    // bench/bundle-size.ts exits 1 when a bundle is over budget; its output is still the figures.
    const out = (error as { stdout?: string }).stdout;
    return out ? out.trimEnd().split('\n') : [`bench/bundle-size.ts failed: ${(error as Error).message}`];
  }
}

const LABELS: Record<string, string> = {
  hello: '(a) hello-world GET /',
  memory: '(b) in-memory /rss.xml (ceiling)',
  '200': '(c) warm 200 /rss.xml',
  '304': '(d) 304 /rss.xml',
  'static 304': '(d0) constant 304, same headers',
};

function printHttp(http: LoadResult[]) {
  const by = (name: string) => http.find((h) => h.name === name)!;
  const ratio = (name: string) => {
    const base = ['304', 'static 304', 'hello'].includes(name) ? by('hello') : by('memory');
    return `${fixed(by(name).requestsPerSecond / base.requestsPerSecond)}× ${base.name === 'hello' ? '(a)' : '(b)'}`;
  };
  log(
    table(
      [
        'case',
        'req/s',
        'p50 ms',
        'p99 ms',
        'server CPU µs/req',
        'server busy',
        'client busy',
        'other load (cores)',
        'ratio (req/s)',
      ],
      http.map((h) => [
        LABELS[h.name]!,
        h.requestsPerSecond,
        fixed(h.p50Ms, 3),
        fixed(h.p99Ms, 3),
        fixed(h.serverCpuMicros, 1),
        `${Math.round(h.serverBusy * 100)}%`,
        `${Math.round(h.clientBusy * 100)}%`,
        fixed(h.otherBusy),
        ratio(h.name),
      ]),
    ),
  );
}

function printRender(render: RenderResult[]) {
  const base = (items: number, renderer: string) => {
    const format = renderer.split(' ')[1];
    const other = { rss: 'feed rss2', atom: 'feed atom1', json: 'feed json1' }[
      format as 'rss' | 'atom' | 'json'
    ];
    return render.find((r) => r.items === items && r.renderer === other);
  };
  log(
    table(
      ['items', 'renderer', 'ops/s', 'ms/render', 'output KB', 'wirefeed ÷ feed (time)'],
      render.map((r) => {
        const other = r.renderer.startsWith('wirefeed') ? base(r.items, r.renderer) : undefined;
        return [
          String(r.items),
          r.renderer,
          fixed(r.opsPerSecond, 1),
          fixed(r.msPerRender, 3),
          fixed(r.chars / 1000, 1),
          other ? `${fixed(r.msPerRender / other.msPerRender)}×` : '',
        ];
      }),
    ),
  );
}

function printScale(scale: ScaleResult[]) {
  const [small] = scale;
  log(
    table(
      [
        'articles in the engine',
        'p50 ms',
        'p99 ms',
        'Query p50 ms',
        'GetItem p50 ms',
        'seeded in s',
        'ratio (p50)',
      ],
      scale.map((s) => [
        s.articles.toLocaleString('en-US'),
        fixed(s.p50Ms),
        fixed(s.p99Ms),
        fixed(s.queryP50Ms),
        fixed(s.headP50Ms),
        fixed(s.seedSeconds, 1),
        `${fixed(s.p50Ms / small!.p50Ms)}×`,
      ]),
    ),
  );
}

async function main() {
  const machine = describeMachine();
  log(`wirefeed benchmarks — ${new Date().toISOString()}`);
  log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}, load average ${machine.loadAverage}`,
  );
  const pinned = machine.cores >= 2 && pinSelf(0);
  log(
    pinned
      ? 'Load generator pinned to core 0, servers to core 1 (taskset).'
      : 'Not pinned (no taskset or one core).',
  );
  const profileDir =
    args.get('profile') === 'true' ? mkdtempSync(join(tmpdir(), 'wirefeed-profile-')) : undefined;

  log('\n(a)–(d) HTTP throughput');
  const { results: http, sizes, feedBytes } = await httpCases(profileDir);
  if (pinned) execFileSync('taskset', ['-a', '-p', '-c', `0-${machine.cores - 1}`, String(process.pid)]);

  log(`\n(e) cold render, ${RENDER_SIZES.join('/')} items, ${ROUNDS} rounds interleaved`);
  const render = runRenderBench(benchConfig().site, { rounds: ROUNDS });

  log('\n(f) site feed latency with 100 and 100,000 articles (loading 100,000 takes about a minute)');
  const scale = await scaleCase();

  log('\n(g) WebSub delivery latency and a 1,000-article import (about two minutes)');
  const websub = await websubCase();

  const bundle = args.get('bundle') === 'false' || args.has('no-bundle') ? [] : bundleFigures();

  const targets = evaluateTargets(http, render, scale);
  log('\n=== Results (each figure: median of the rounds) ===\n');
  printHttp(http);
  log('');
  printRender(render);
  log('');
  printScale(scale);
  log('');
  printWebSub(websub);
  log('\nFeed sizes (20 items): raw / gzip -6 / brotli q5 bytes');
  for (const [file, s] of Object.entries(sizes))
    log(`  ${file.padEnd(10)} ${s.bytes} / ${s.gzip} / ${s.brotli}`);
  if (bundle.length) log(`\nbench/bundle-size.ts:\n${bundle.map((l) => `  ${l}`).join('\n')}`);
  log('\nTargets (reported, not enforced):');
  for (const t of targets) {
    log(
      `  ${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.measure} = ${fixed(t.value)} (target ${t.comparison} ${t.limit})`,
    );
  }
  const cpu = (name: string) => http.find((h) => h.name === name)!.serverCpuMicros;
  log(
    `  (server CPU per request, which the load generator cannot skew: 304 = ${fixed(cpu('304') / cpu('hello'))}× ` +
      `hello-world's, i.e. ${fixed(cpu('hello') / cpu('304'))} as a throughput ratio; warm 200 = ` +
      `${fixed(cpu('200') / cpu('memory'))}× the in-memory ceiling's, i.e. ${fixed(cpu('memory') / cpu('200'))}; ` +
      `a constant 304 with the same headers = ${fixed(cpu('static 304') / cpu('hello'))}× hello-world's)`,
  );
  if (profileDir) log(`\nApp server CPU profile: ${profileDir}`);

  const seconds = round((performance.now() - started) / 1000, 1);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const resultsFile = join(ROOT, 'bench/results/latest.json');
  writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        command: 'npm run bench',
        seconds,
        machine,
        settings: {
          rounds: ROUNDS,
          httpSecondsPerRun: SECONDS,
          warmupSeconds: WARMUP_SECONDS,
          connections: CONNECTIONS,
          pinned,
          statistic: 'median of rounds',
        },
        http,
        render,
        scale,
        websub,
        feedBytes,
        sizes,
        targets,
        bundle,
      },
      null,
      2,
    )}\n`,
  );
  // In the repository's own format, so `npm run lint` stays clean after a run.
  execFileSync(join(ROOT, 'node_modules/.bin/biome'), ['format', '--write', resultsFile], {
    stdio: 'ignore',
  });
  log(`\nWrote bench/results/latest.json (${seconds} s in all).`);
}

await main();
