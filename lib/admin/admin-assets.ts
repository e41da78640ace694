import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The admin page's static files: uPlot (from npm) and our chart code and styles. */
const ADMIN_ASSETS = {
  'uPlot.iife.min.js': 'text/javascript; charset=utf-8',
  'uPlot.min.css': 'text/css; charset=utf-8',
  'admin-charts.js': 'text/javascript; charset=utf-8',
  'admin.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
} as const;
type AdminAssetName = keyof typeof ADMIN_ASSETS;

/** Where the files are: one folder (the Lambda bundle's `admin-assets/`), or the repository's own places. */
export type AdminAssetLocation = { dir: string } | 'repository';

/** The repository's copies: uPlot from node_modules, ours beside this file. */
function repositoryAssetPath(name: AdminAssetName): string {
  if (name.startsWith('uPlot')) {
    const uplot = dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'));
    return join(uplot, name);
  }
  return fileURLToPath(new URL(`./assets/${name}`, import.meta.url));
}

/**
 * Reads each file once, on first request, and keeps it (four files, ~60 KB: the bound).
 * A write-API invocation that never serves the admin page never reads them.
 */
export function adminAssets(location: AdminAssetLocation) {
  const cache = new Map<AdminAssetName, Promise<string>>();
  return {
    get(name: string): Promise<{ body: string; contentType: string }> | undefined {
      if (!Object.hasOwn(ADMIN_ASSETS, name)) return undefined;
      const asset = name as AdminAssetName;
      let body = cache.get(asset);
      if (!body) {
        const path = location === 'repository' ? repositoryAssetPath(asset) : join(location.dir, asset);
        body = readFile(path, 'utf8');
        body.catch(() => cache.delete(asset));
        cache.set(asset, body);
      }
      return body.then((text) => ({ body: text, contentType: ADMIN_ASSETS[asset] }));
    },
  };
}
export type AdminAssets = ReturnType<typeof adminAssets>;
