/**
 * The functions' bundles: each one's size against its budget, what it is made of, and
 * how long Node takes to import it compared with importing `@aws-sdk/client-dynamodb`
 * alone.
 *
 *   npx tsx bench/bundle-size.ts
 *
 * It builds functions/feeds.ts and functions/articles.ts with esbuild's API and the
 * options NodejsFunction uses (infra/constructs/bundling.ts), reads the sizes from
 * esbuild's metafile, and exits 1 when a bundle is over its budget. Import times come
 * from fresh `node` processes, several runs each, interleaved, and the median is reported.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import {
  ARTICLES_BUNDLE_BUDGET_BYTES,
  BUNDLE_FILE,
  esbuildOptions,
  FEEDS_BUNDLE_BUDGET_BYTES,
} from '../infra/constructs/bundling';
import { ARTICLES_ENTRY, FEEDS_ENTRY } from '../infra/stacks/api-stack';

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

/** Each function's entry and the size its bundle must stay within. */
export const BUNDLES = [
  { name: 'feeds', entry: FEEDS_ENTRY, budget: FEEDS_BUNDLE_BUDGET_BYTES },
  { name: 'articles', entry: ARTICLES_ENTRY, budget: ARTICLES_BUNDLE_BUDGET_BYTES },
] as const;

/** Builds `entry`'s bundle into `outdir` and returns the bundle's path and size with the metafile. */
export async function buildBundle(entry: string, outdir: string) {
  const { metafile } = await build({
    ...esbuildOptions(join(ROOT, entry), outdir),
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
    const built = [];
    for (const bundle of BUNDLES) {
      const dir = join(outdir, bundle.name);
      mkdirSync(dir);
      built.push({ ...bundle, ...(await buildBundle(bundle.entry, dir)) });
    }

    for (const { entry, budget, bytes, metafile } of built) {
      const share = (part: number) => `${((100 * part) / bytes).toFixed(1).padStart(5)}%`;
      console.log(`${entry}: ${bytes} bytes (${kb(bytes)}) minified, budget ${kb(budget)}`);
      console.log('  Largest contributors:');
      for (const { name, bytes: part } of contributors(metafile).slice(0, 15)) {
        console.log(`  ${kb(part).padStart(9)} ${share(part)}  ${name}`);
      }
      console.log();
    }

    // As Lambda runs them: NODE_OPTIONS=--enable-source-maps. The SDK alone is what Node
    // loads for `import '@aws-sdk/client-dynamodb'` from node_modules (its CJS build).
    const sdkAlone = '@aws-sdk/client-dynamodb alone';
    const cases: Record<string, { specifier: string; flags: string[] }> = {};
    for (const { name, path } of built) {
      const specifier = pathToFileURL(path).href;
      cases[`${name} bundle, --enable-source-maps`] = { specifier, flags: ['--enable-source-maps'] };
      cases[`${name} bundle, no source maps`] = { specifier, flags: [] };
    }
    cases[sdkAlone] = { specifier: '@aws-sdk/client-dynamodb', flags: [] };
    const times = new Map<string, number[]>(Object.keys(cases).map((name) => [name, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const [name, { specifier, flags }] of Object.entries(cases)) {
        times.get(name)!.push(importMilliseconds(specifier, flags));
      }
    }
    console.log(`Import time, median of ${RUNS} fresh processes:`);
    const medians = new Map([...times].map(([name, values]) => [name, median(values)]));
    for (const [name, value] of medians) console.log(`  ${value.toFixed(1).padStart(7)} ms  ${name}`);
    for (const { name } of built) {
      const ratio = medians.get(`${name} bundle, --enable-source-maps`)! / medians.get(sdkAlone)!;
      console.log(
        `  ratio: the whole ${name} bundle imports in ${ratio.toFixed(2)}× the time of the DynamoDB client alone`,
      );
    }

    let status = 0;
    for (const { entry, budget, bytes } of built) {
      if (bytes > budget) {
        console.error(`\n${entry} is over budget by ${bytes - budget} bytes.`);
        status = 1;
      }
    }
    return status;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
