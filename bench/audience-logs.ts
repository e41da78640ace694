/**
 * The log processor's throughput, in-process: a CloudFront standard log of 200,000 lines
 * (the sample file's lines repeated, each from a different address, so the readers'
 * sketches fill and turn dense) read two ways in the same run —
 *
 * - baseline: parsing alone (lib/audience/cloudfront-log.ts);
 * - counting: parsing, classifying, hashing readers and adding to the batch
 *   (lib/audience/audience-batch.ts), as the processor does before its few writes.
 *
 * The ratio says what counting costs over reading the file; lines per second say what a
 * Lambda would take (docs/infra.md "Audience", cost of the log pipeline).
 *
 *   npx tsx bench/audience-logs.ts [lines]
 */
import { readFileSync } from 'node:fs';
import { AudienceBatch } from '../lib/audience/audience-batch';
import { parseCloudFrontLog } from '../lib/audience/cloudfront-log';
import { ReaderKeys } from '../lib/audience/reader-keys';

const count = Number(process.argv[2] ?? 200_000);
const sample = readFileSync(
  new URL('../tests/fixtures/audience/E2EXAMPLE.2026-11-26-08.a1b2c3d4', import.meta.url),
  'utf8',
).split('\n');
const rows = sample.slice(2).filter(Boolean);
const lines = sample.slice(0, 2);
for (let i = 0; i < count; i++) {
  const cols = rows[i % rows.length]!.split('\t');
  cols[4] = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  lines.push(cols.join('\t'));
}
const megabytes = lines.reduce((n, l) => n + l.length + 1, 0) / 1e6;

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const parseMs = await time(async () => {
  for await (const _ of parseCloudFrontLog(lines));
});
const salt = new Uint8Array(32);
const batch = new AudienceBatch(new ReaderKeys({ saltFor: async () => salt }));
const countMs = await time(async () => {
  for await (const hit of parseCloudFrontLog(lines)) await batch.add(hit);
});
const perSecond = (ms: number) => Math.round(count / (ms / 1000));
console.log(
  JSON.stringify(
    {
      lines: count,
      megabytes: Math.round(megabytes * 10) / 10,
      baseline: { ms: Math.round(parseMs), linesPerSecond: perSecond(parseMs) },
      counting: { ms: Math.round(countMs), linesPerSecond: perSecond(countMs) },
      ratio: Math.round((countMs / parseMs) * 100) / 100,
      items: batch.take().length,
    },
    null,
    2,
  ),
);
