/**
 * Peak memory of `wirefeed import` on a large NDJSON archive: generates IMPORT_ITEMS
 * (default 100,000) short articles, one per line, starts the fake write API
 * (tests/cli/fake-write-api.ts: the API's contract and schema, no store) in this process,
 * and runs the real CLI in a child under `/usr/bin/time -v`, whose "Maximum resident set
 * size" is the child's peak RSS. Run: `npx tsx bench/import-memory.ts` (figures recorded in
 * docs/performance.md and docs/import.md). IMPORT_CONCURRENCY (default 16) is --concurrency.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeWriteApi } from '../tests/cli/fake-write-api';

const ITEMS = Number(process.env.IMPORT_ITEMS ?? 100_000);
const CONCURRENCY = process.env.IMPORT_CONCURRENCY ?? '16';
const BIN = fileURLToPath(new URL('../bin/wirefeed.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wirefeed-import-memory-'));
const file = join(dir, 'archive.ndjson');

const out = createWriteStream(file);
for (let i = 0; i < ITEMS; i++) {
  const line = JSON.stringify({
    id: `s-${i}`,
    slug: `s-${i}`,
    title: `Story ${i}`,
    authors: [{ name: 'Desk', slug: 'desk' }],
    publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
    url: `https://a.example/${i}`,
  });
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');

const api = await startFakeWriteApi({ key: 'bench-key' });
const started = Date.now();
const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
  execFile(
    '/usr/bin/time',
    ['-v', process.execPath, BIN, 'import', file, '--api', api.url, '--concurrency', CONCURRENCY],
    {
      cwd: dir,
      env: {
        ...process.env,
        NODE_OPTIONS: process.env.IMPORT_NODE_OPTIONS ?? '',
        WIREFEED_API_KEY: 'bench-key',
      },
      maxBuffer: 16 * 1024 * 1024,
    },
    (_error, stdout, stderr) => resolve({ stdout, stderr }),
  );
});
const seconds = (Date.now() - started) / 1000;
await api.close();
const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
console.log(
  JSON.stringify(
    {
      items: ITEMS,
      fileMB: Math.round((statSync(file).size / 1024 / 1024) * 10) / 10,
      concurrency: Number(CONCURRENCY),
      summary: stdout.trim(),
      stored: api.articles.size,
      maxRssMB: Math.round(maxRssKb / 1024),
      seconds,
      errors: stderr.split('\n').filter((l) => l.startsWith('wirefeed import')),
    },
    null,
    2,
  ),
);
rmSync(dir, { recursive: true, force: true });
