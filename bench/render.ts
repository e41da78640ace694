import type { SiteConfig } from '../lib/config';
import { renderAtom, renderJsonFeed, renderRss } from '../lib/feeds/render';
import { feedPackageFeed, siteFeedModel, storedArticles } from './feed-model';
import { BUSY_MACHINE, otherCores, sampleLoad } from './machine';
import { median, round } from './stats';

/**
 * Case (e): the renderer alone, cold (no render cache), for 20, 50 and 100 full-content
 * items. The format-neutral model is built once per size; wirefeed's renderers are timed
 * from that model to the string. The `feed` package is timed on `rss2()` (and `atom1()`,
 * `json1()`) of an instance built once beforehand: its model-building is not counted,
 * which favours it.
 */

export const RENDER_SIZES = [20, 50, 100] as const;

export type Renderer =
  | 'wirefeed rss'
  | 'wirefeed atom'
  | 'wirefeed json'
  | 'feed rss2'
  | 'feed atom1'
  | 'feed json1';

export interface RenderResult {
  items: number;
  renderer: Renderer;
  opsPerSecond: number;
  msPerRender: number;
  /** Output length in characters. */
  chars: number;
  rounds: number[];
}

/** Calls `fn` repeatedly for about `ms` milliseconds; returns renders per second. */
function opsPerSecond(fn: () => string, ms: number): number {
  let ops = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    sink += fn().length;
    ops++;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  if (sink < 0) throw new Error('unreachable: keeps the output alive');
  return (ops * 1000) / elapsed;
}

export function runRenderBench(site: SiteConfig, { rounds = 3, ms = 400 } = {}): RenderResult[] {
  const updated = new Date('2026-11-26T07:00:00.000Z');
  const articles = storedArticles(Math.max(...RENDER_SIZES), updated);
  const cases: { items: number; renderer: Renderer; render: () => string }[] = [];
  for (const items of RENDER_SIZES) {
    const model = siteFeedModel(articles.slice(0, items), site, updated);
    const other = feedPackageFeed(model);
    cases.push(
      { items, renderer: 'wirefeed rss', render: () => renderRss(model) },
      { items, renderer: 'wirefeed atom', render: () => renderAtom(model) },
      { items, renderer: 'wirefeed json', render: () => renderJsonFeed(model) },
      { items, renderer: 'feed rss2', render: () => other.rss2() },
      { items, renderer: 'feed atom1', render: () => other.atom1() },
      { items, renderer: 'feed json1', render: () => other.json1() },
    );
  }
  // Warm-up: let the JIT settle on every code path before anything is timed.
  for (const c of cases) opsPerSecond(c.render, ms / 4);
  const samples = cases.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    // Interleaved, and in a different order each round, so drift and GC spread over all cases.
    const order = cases.map((_, i) => i);
    if (round % 2) order.reverse();
    for (const i of order) {
      // Other work on the machine skews a sample; retry a disturbed one (twice at most).
      let load = sampleLoad();
      let ops = opsPerSecond(cases[i]!.render, ms);
      for (let retry = 0; retry < 2 && otherCores(load) > BUSY_MACHINE; retry++) {
        load = sampleLoad();
        ops = opsPerSecond(cases[i]!.render, ms);
      }
      samples[i]!.push(ops);
    }
  }
  return cases.map((c, i) => {
    const ops = median(samples[i]!);
    return {
      items: c.items,
      renderer: c.renderer,
      opsPerSecond: round(ops, 1),
      msPerRender: round(1000 / ops, 3),
      chars: c.render().length,
      rounds: samples[i]!.map((s) => round(s, 1)),
    };
  });
}
