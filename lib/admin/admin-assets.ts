import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The admin page's static files, by name: uPlot (from npm) and our chart code and styles. */
const ADMIN_ASSETS = {
  'uPlot.iife.min.js': {
    contentType: 'text/javascript; charset=utf-8',
    source: 'node_modules/uplot/dist/uPlot.iife.min.js',
  },
  'uPlot.min.css': {
    contentType: 'text/css; charset=utf-8',
    source: 'node_modules/uplot/dist/uPlot.min.css',
  },
  'admin-charts.js': {
    contentType: 'text/javascript; charset=utf-8',
    source: 'lib/admin/assets/admin-charts.js',
  },
  'admin.css': { contentType: 'text/css; charset=utf-8', source: 'lib/admin/assets/admin.css' },
  'icon.svg': { contentType: 'image/svg+xml', source: 'lib/admin/assets/icon.svg' },
} as const;
type AdminAssetName = keyof typeof ADMIN_ASSETS;

/** The folder beside the Lambda bundle the files are copied into (infra/stacks/api-stack.ts). */
export const ADMIN_ASSET_DIR = 'admin-assets';
/** The files to copy there, relative to the repository root. */
export const ADMIN_ASSET_FILES = Object.values(ADMIN_ASSETS).map((asset) => asset.source);

/** Where the files are: one folder (the Lambda bundle's `admin-assets/`), or the repository's own places. */
export type AdminAssetLocation = { dir: string } | 'repository';

/**
 * Reads each file once, on first request, and keeps it (five files, ~60 KB: the bound).
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
        const path =
          location === 'repository'
            ? fileURLToPath(new URL(`../../${ADMIN_ASSETS[asset].source}`, import.meta.url))
            : join(location.dir, asset);
        body = readFile(path, 'utf8');
        body.catch(() => cache.delete(asset));
        cache.set(asset, body);
      }
      return body.then((text) => ({ body: text, contentType: ADMIN_ASSETS[asset].contentType }));
    },
  };
}
export type AdminAssets = ReturnType<typeof adminAssets>;
