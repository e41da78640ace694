/**
 * Soak of the local server (`npm start`'s code, over the embedded engine on disk): for
 * SOAK_SECONDS (default 300) it sends distinct, uncached feed requests — every request a
 * new `?since=` and `limit`, across every feed and format, three in four asking for Brotli
 * or gzip — and samples the server's memory every 10 seconds: VmRSS, and the process's own
 * `process.memoryUsage()` (V8 heap, external, array buffers) through bench/soak-probe.mjs.
 * Run: `npx tsx bench/soak.ts` (results printed as JSON; recorded in docs/performance.md).
 * SOAK_SECONDS (default 300); SOAK_COMPRESSION=off asks for identity only. Other settings
 * reach the server through the environment (NODE_OPTIONS, MALLOC_ARENA_MAX, …).
 *
 * The server runs in its own process so its memory is measured alone.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const CONCURRENCY = 4;
const PORT = 3000 + Math.floor(Math.random() * 2000) + 4000;
const base = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'wirefeed-soak-'));

const server = spawn(
  process.execPath,
  ['--import', 'tsx', '--import', './bench/soak-probe.mjs', 'lib/local/main.ts'],
  {
    env: { ...process.env, PORT: String(PORT), PUBLIC_BASE_URL: base, WIREFEED_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  },
);
const residentMb = () => {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
};
const MB = 1024 * 1024;
/** The server's process.memoryUsage(), in MB (bench/soak-probe.mjs answers). */
const usageMb = () =>
  new Promise<Record<'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers', number>>((answer) => {
    server.once('message', (usage: NodeJS.MemoryUsage) =>
      answer({
        heapTotal: Math.round(usage.heapTotal / MB),
        heapUsed: Math.round(usage.heapUsed / MB),
        external: Math.round(usage.external / MB),
        arrayBuffers: Math.round(usage.arrayBuffers / MB),
      }),
    );
    server.send('memory');
  });

async function ready(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the local server did not start');
}

const ENCODINGS =
  process.env.SOAK_COMPRESSION === 'off' ? ['identity'] : ['identity', 'br', 'gzip', 'br, gzip'];

async function main() {
  await ready();
  const opml = await (await fetch(`${base}/feeds.opml`)).text();
  const feeds = [...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&'));
  const urls = feeds.flatMap((u) => [
    u,
    u.replace(/rss\.xml$/, 'atom.xml'),
    u.replace(/rss\.xml$/, 'feed.json'),
  ]);
  const started = Date.now();
  type Usage = Awaited<ReturnType<typeof usageMb>>;
  const samples: ({ seconds: number; rssMb: number; requests: number } & Usage)[] = [];
  let requests = 0;
  let errors = 0;
  let n = 0;
  const sample = async () => {
    const at = {
      seconds: Math.round((Date.now() - started) / 1000),
      rssMb: Math.round(residentMb()),
      requests,
    };
    samples.push({ ...at, ...(await usageMb()) });
  };
  await sample();
  const timer = setInterval(() => void sample(), 10_000);
  const worker = async () => {
    while (Date.now() - started < SECONDS * 1000) {
      const i = n++;
      const url = new URL(urls[i % urls.length] as string);
      // A distinct instant per request (milliseconds back from 2026-12-01): never a cache hit.
      url.searchParams.set('since', new Date(Date.UTC(2026, 11, 1) - i * 1_000 - 7).toISOString());
      url.searchParams.set('limit', String(1 + (i % 100)));
      const res = await fetch(url, {
        headers: { 'Accept-Encoding': ENCODINGS[i % ENCODINGS.length] as string },
      });
      await res.arrayBuffer();
      if (res.status !== 200) errors++;
      requests++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearInterval(timer);
  await sample();
  const rss = samples.map((s) => s.rssMb);
  const afterWarmup = samples.filter((s) => s.seconds >= 60).map((s) => s.rssMb);
  console.log(
    JSON.stringify(
      {
        seconds: SECONDS,
        requests,
        errors,
        distinctUrls: requests,
        rssMb: { start: rss[0], min: Math.min(...rss), max: Math.max(...rss), end: rss.at(-1) },
        afterFirstMinuteMb: { min: Math.min(...afterWarmup), max: Math.max(...afterWarmup) },
        samples,
      },
      null,
      1,
    ),
  );
}

main()
  .finally(() => {
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
