/**
 * The feeds function's bundle: its size against the budget, what it is made of, and how
 * long Node takes to import it compared with importing `@aws-sdk/client-dynamodb` alone.
 *
 *   npx tsx bench/bundle-size.ts
 *
 * It builds functions/feeds.ts with esbuild's API and the options NodejsFunction uses
 * (infra/constructs/bundling.ts), reads the size from esbuild's metafile, and exits 1 when
 * the bundle is over budget. Import times come from fresh `node` processes, several runs
 * each, interleaved, and the median is reported.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_BUDGET_BYTES, BUNDLE_FILE, esbuildOptions } from '../infra/constructs/bundling';
import { FEEDS_ENTRY } from '../infra/stacks/api-stack';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;

export interface Contributor {
  /** An npm package, or a folder of ours such as `lib/feeds`. */
  name: string;
  bytes: number;
}

/** The bundle's bytes grouped by package (or by our top-level folder), largest first. */
export function contributors(metafile: Metafile): Contributor[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name =
        path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path.split('/').slice(0, 2).join('/');
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Builds the feeds bundle into `outdir` and returns the bundle's path and size with the metafile. */
export async function buildFeedsBundle(outdir: string) {
  const { metafile } = await build({
    ...esbuildOptions(join(ROOT, FEEDS_ENTRY), outdir),
    metafile: true,
    logLevel: 'warning',
  });
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  if (!output) throw new Error('esbuild reported no output for the entry point');
  return { path: join(outdir, BUNDLE_FILE), bytes: output.bytes, metafile };
}

/** Milliseconds to `import()` the module in a fresh Node process (startup excluded). */
function importMilliseconds(specifier: string, nodeFlags: string[]): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  return Number(
    execFileSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      // The SDK warns about Node 20 on stderr; Lambda runs Node 22. Failures still throw.
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

async function main(): Promise<number> {
  const outdir = mkdtempSync(join(tmpdir(), 'wirefeed-bundle-'));
  try {
    const bundle = await buildFeedsBundle(outdir);
    const share = (bytes: number) => `${((100 * bytes) / bundle.bytes).toFixed(1).padStart(5)}%`;
    console.log(
      `${FEEDS_ENTRY}: ${bundle.bytes} bytes (${kb(bundle.bytes)}) minified, budget ${kb(BUNDLE_BUDGET_BYTES)}`,
    );
    console.log('\nLargest contributors:');
    for (const { name, bytes } of contributors(bundle.metafile).slice(0, 15)) {
      console.log(`  ${kb(bytes).padStart(9)} ${share(bytes)}  ${name}`);
    }

    // As Lambda runs it: NODE_OPTIONS=--enable-source-maps. The SDK alone is what Node
    // loads for `import '@aws-sdk/client-dynamodb'` from node_modules (its CJS build).
    const cases = {
      'feeds bundle, --enable-source-maps': {
        specifier: pathToFileURL(bundle.path).href,
        flags: ['--enable-source-maps'],
      },
      'feeds bundle, no source maps': { specifier: pathToFileURL(bundle.path).href, flags: [] },
      '@aws-sdk/client-dynamodb alone': { specifier: '@aws-sdk/client-dynamodb', flags: [] },
    };
    const times = new Map<string, number[]>(Object.keys(cases).map((name) => [name, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const [name, { specifier, flags }] of Object.entries(cases)) {
        times.get(name)!.push(importMilliseconds(specifier, flags));
      }
    }
    console.log(`\nImport time, median of ${RUNS} fresh processes:`);
    const medians = new Map([...times].map(([name, values]) => [name, median(values)]));
    for (const [name, value] of medians) console.log(`  ${value.toFixed(1).padStart(7)} ms  ${name}`);
    const ratio =
      medians.get('feeds bundle, --enable-source-maps')! / medians.get('@aws-sdk/client-dynamodb alone')!;
    console.log(
      `  ratio: the whole feeds bundle imports in ${ratio.toFixed(2)}× the time of the DynamoDB client alone`,
    );

    if (bundle.bytes > BUNDLE_BUDGET_BYTES) {
      console.error(`\nOver budget by ${bundle.bytes - BUNDLE_BUDGET_BYTES} bytes.`);
      return 1;
    }
    return 0;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
