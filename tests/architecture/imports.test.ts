import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Imports run one way (docs/architecture.md): no module imports itself through others,
 * and no two folders of lib/ import each other. Type-only imports count too: a cycle of
 * types is still two modules that cannot be understood apart.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LIB = join(ROOT, 'lib');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of a file, resolved to the files they name (`import … from`, `export … from`). */
function importsOf(file: string, known: Set<string>): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)].map(
    (m) => m[1] as string,
  );
  return specifiers
    .map((s) => resolve(dirname(file), s))
    .flatMap((base) =>
      [`${base}.ts`, join(base, 'index.ts')].filter((candidate) => known.has(candidate)).slice(0, 1),
    );
}

const files = sourceFiles(LIB);
const known = new Set(files);
const graph = new Map(files.map((f) => [f, importsOf(f, known)]));
const name = (file: string) => relative(ROOT, file);

/** Package imports of a file (`hono`, `@aws-sdk/client-dynamodb`, `node:crypto`). */
function packagesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^.'][^']*)'/gm)].map(
    (m) => m[1] as string,
  );
}

describe('imports in lib/', () => {
  it('reads the import graph (the scan finds what it should)', () => {
    const feedService = graph.get(join(LIB, 'feeds/feed-service.ts'));
    expect(feedService?.map(name)).toContain('lib/feeds/feed-store.ts');
    expect(files.length).toBeGreaterThan(100);
  });

  it('has no cycle between modules', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('has no two folders importing each other', () => {
    const folderOf = (file: string) => relative(LIB, dirname(file)).split('/')[0] || '.';
    const edges = new Map<string, string>();
    for (const [file, imports] of graph) {
      for (const target of imports) {
        const [from, to] = [folderOf(file), folderOf(target)];
        if (from !== to && from !== '.' && to !== '.')
          edges.set(`${from} → ${to}`, `${name(file)} → ${name(target)}`);
      }
    }
    const both = [...edges.keys()]
      .filter((edge) => {
        const [from, to] = edge.split(' → ');
        return (from as string) < (to as string) && edges.has(`${to} → ${from}`);
      })
      .map((edge) => {
        const [from, to] = edge.split(' → ');
        return `${edges.get(edge)} and ${edges.get(`${to} → ${from}`)}`;
      });
    expect(both).toEqual([]);
  });

  it('keeps renderers to the feed model, their format library and the text helpers', () => {
    const render = join(LIB, 'feeds/render/');
    const allowed = new Set(['lib/feeds/feed.ts', 'lib/articles/html-text.ts', 'lib/articles/xml-chars.ts']);
    const renderers = files.filter((file) => file.startsWith(render));
    expect(packagesOf(join(render, 'rss.ts'))).toContain('feedsmith');
    const stray = renderers.flatMap((file) => [
      ...(graph.get(file) ?? [])
        .filter((target) => !target.startsWith(render) && !allowed.has(name(target)))
        .map((target) => `${name(file)} → ${name(target)}`),
      ...packagesOf(file)
        .filter((pkg) => pkg !== 'feedsmith')
        .map((pkg) => `${name(file)} → ${pkg}`),
    ]);
    expect(stray).toEqual([]);
  });

  it('keeps the feed and article services free of HTTP and AWS libraries', () => {
    const services = files.filter((file) => /^lib\/(feeds|articles)\//.test(name(file)));
    const stray = services.flatMap((file) =>
      packagesOf(file)
        .filter((pkg) => pkg === 'hono' || pkg.startsWith('hono/') || pkg.startsWith('@aws-sdk/'))
        .map((pkg) => `${name(file)} → ${pkg}`),
    );
    expect(services.length).toBeGreaterThan(30);
    expect(stray).toEqual([]);
  });
});
