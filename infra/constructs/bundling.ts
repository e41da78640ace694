import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * How every function is bundled, defined once: `ApiFunction` hands these to
 * NodejsFunction (which runs the local esbuild), and `bench/bundle-size.ts` and the
 * budget test run esbuild's API with the very same options, so what they measure is
 * what Lambda loads.
 *
 * ESM rather than CJS: hono, zod, feedsmith and the AWS SDK v3 all ship ES modules,
 * which esbuild tree-shakes better (CJS inputs are kept whole), and Lambda's Node.js
 * runtimes load `.mjs` natively. ESM output has no `require`, so the banner makes one
 * with `createRequire`: a CJS dependency that calls `require('node:…')` then works
 * instead of throwing "Dynamic require of … is not supported". The feeds function has
 * none today; the write path's sanitize-html (and its parsers) is CJS. The alias keeps
 * the banner's import from colliding with names in the bundle.
 */

/** Lambda's `nodejs22.x` runtime; esbuild lowers nothing that Node 22 runs natively. */
export const BUNDLE_TARGET = 'node22';

/** The feeds function's minified bundle must stay at or under this (700 KB, counted in bytes). */
export const FEEDS_BUNDLE_BUDGET_BYTES = 700_000;

/**
 * The write API's budget: 1.35 MB. It carries what the feeds do not need: sanitize-html
 * with its parsers (htmlparser2, postcss, entities: about 250 KB) and, since its routes
 * are declared once with @hono/zod-openapi, the whole of zod (that package extends zod's
 * namespace object, so esbuild keeps every member, locales included: zod grows from
 * about 90 KB to 455 KB). It runs warm through an import or a newsroom's working day
 * rather than mostly cold behind a cache, so the extra bytes cost little; the budget
 * still catches a dependency that would blow it up. Powertools' logger and metrics
 * (issue 10) took it from 1.26 to 1.30 MB.
 */
export const ARTICLES_BUNDLE_BUDGET_BYTES = 1_350_000;

export const REQUIRE_BANNER =
  "import { createRequire as __wirefeedCreateRequire } from 'node:module'; " +
  'const require = __wirefeedCreateRequire(import.meta.url);';

/**
 * The AWS SDK is bundled rather than taken from the runtime: the version we test is the
 * version that runs, and one minified file loads faster than the runtime's hundreds of
 * SDK files. `mainFields` prefers packages' ES module builds for the same reason as above.
 * Source maps are separate files without sources content: stack traces need only the
 * mappings, and a smaller map is quicker to parse under `--enable-source-maps`.
 */
const SHARED = {
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: REQUIRE_BANNER,
} as const;

/** The options for `NodejsFunction`'s `bundling` prop. */
export function nodejsBundling(): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: BUNDLE_TARGET,
    minify: SHARED.minify,
    sourceMap: SHARED.sourcemap,
    sourcesContent: SHARED.sourcesContent,
    mainFields: [...SHARED.mainFields],
    banner: SHARED.banner,
    bundleAwsSDK: true,
    externalModules: [],
    forceDockerBundling: false,
  };
}

/** NodejsFunction names its ESM output `index.mjs`; the bench and tests use the same name. */
export const BUNDLE_FILE = 'index.mjs';

/** The same build for esbuild's API: `entry` is the function's file, `outdir` where it goes. */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile: `${outdir}/${BUNDLE_FILE}`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    minify: SHARED.minify,
    sourcemap: SHARED.sourcemap,
    sourcesContent: SHARED.sourcesContent,
    mainFields: [...SHARED.mainFields],
    banner: { js: SHARED.banner },
    external: [],
  };
}
