/**
 * Where the app server's time goes for one request kind: starts the feeds app (as the
 * HTTP cases do) under `node --cpu-prof`, loads it with one request kind only, and
 * prints the functions with the most self time and the most inclusive time.
 *
 *   npx tsx bench/profile.ts 304      # or 200; optional seconds: npx tsx bench/profile.ts 200 8
 *
 * The .cpuprofile stays in the printed directory; open it in Chrome DevTools for the tree.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pinSelf, startServer } from './http-load';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const frameName = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*?\/(lib|bench)\//, '$1/')}:${lineNumber + 1}`;

/** Self and inclusive time per function, as shares of all sampled time. */
function summarize(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const leaf = frameName(byId.get(id)!.callFrame);
    self.set(leaf, (self.get(leaf) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at)!.callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
    }
  });
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, t]) => `  ${((100 * t) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return `Self time:\n${list(self)}\n\nInclusive time:\n${list(inclusive)}`;
}

async function main() {
  const kind = process.argv[2] ?? '304';
  const seconds = Number(process.argv[3] ?? 6);
  if (kind !== '200' && kind !== '304') throw new Error('usage: npx tsx bench/profile.ts 200|304 [seconds]');
  pinSelf(0);
  const dir = mkdtempSync(join(tmpdir(), 'wirefeed-profile-'));
  const app = await startServer('app', { core: 1, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const etag = (await fetch(`${app.url}/rss.xml`)).headers.get('etag')!;
  const headers = kind === '304' ? { 'If-None-Match': etag } : undefined;
  // Warm-up, then the profiled load; the profile also covers start-up and seeding, which
  // show up under their own functions (publishArticle, ensureTable) and can be ignored.
  await autocannon({ url: `${app.url}/rss.xml`, headers, connections: 10, duration: 1 });
  const result = await autocannon({ url: `${app.url}/rss.xml`, headers, connections: 10, duration: seconds });
  await app.close();
  console.log(`${kind}: ${Math.round(result.requests.total / result.duration)} req/s over ${seconds} s`);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  console.log(`Profile: ${join(dir, file)}\n`);
  console.log(summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile));
}

await main();
