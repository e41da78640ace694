import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { parseFeed as parseWithRowanmanning } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../../lib/articles/article';
import type { FeedFormat } from '../../lib/feeds/feed';
import { renderAtom, renderJsonFeed, renderRss } from '../../lib/feeds/render';
import { MARSHALL_OPTIONS } from '../../lib/store/client';
import { jingAvailable, validateAtomDocuments } from '../support/atom-schema';
import { aFeed } from '../support/feeds';
import { hostileArticle, htmlAndTextOf, normalizeOrReject } from '../support/hostile-article';
import { JsonFeed11 } from '../support/json-feed-schema';
import { liveScriptIn, tagsIn } from '../support/live-script';
import { rssProblems } from '../support/rss-rules';
import { parseXml } from '../support/xml';

/**
 * `npm run fuzz` (not in CI): FUZZ_RUNS (default 100,000) hostile articles per format
 * through the write path — normalization, then the store's shape (the DocumentClient's own
 * marshalling, there and back) — and the real renderer. Every document must be well-formed
 * and pass the fast checks (RSS rules, JSON Feed 1.1 schema, two parsers), hold no live
 * script and keep plain text as text; every FUZZ_JING_EVERY-th Atom document is also kept
 * for RFC 4287's RELAX NG schema, run once at the end (jing starts a JVM per run).
 * Runs, time and findings are recorded in docs/performance.md ("Fuzzing").
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const JING_EVERY = Number(process.env.FUZZ_JING_EVERY ?? 1_000);
/** Printed with the results: FUZZ_SEED=… replays a run. */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const RENDER: Record<FeedFormat, (feed: ReturnType<typeof aFeed>) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** The article as it comes back from the table: marshalled and unmarshalled like the store's items. */
const stored = (article: Article): Article =>
  unmarshall(marshall({ article }, MARSHALL_OPTIONS)).article as Article;

const sampledAtom: Record<string, string> = {};
const summary: string[] = [];

function check(format: FeedFormat, doc: string, article: Article) {
  if (format === 'json') {
    expect(JsonFeed11.safeParse(JSON.parse(doc)).error?.issues ?? []).toEqual([]);
    const item = JSON.parse(doc).items[0];
    expect(liveScriptIn(item.content_html ?? '')).toEqual([]);
    expect(item.title).toBe(article.title);
    return;
  }
  const root = parseXml(doc); // throws on anything not well-formed
  if (format === 'rss') expect(rssProblems(root)).toEqual([]);
  expect(parseWithRowanmanning(doc).items).toHaveLength(1);
  // htmlAndTextOf reads one format at a time well enough: the others are given empty shells.
  const rss = format === 'rss' ? doc : '<rss><channel><item/></channel></rss>';
  const atom = format === 'atom' ? doc : '<feed><entry/></feed>';
  const { html, htmlText, titles } = htmlAndTextOf(rss, atom, '{"items":[{}]}');
  for (const h of html) expect(liveScriptIn(h)).toEqual([]);
  for (const t of htmlText) expect(tagsIn(t)).toEqual([]);
  expect(titles.filter((t) => t !== undefined)).toEqual([article.title]);
}

describe.each(['rss', 'atom', 'json'] as const)('fuzz: %s', (format) => {
  it(`${RUNS} hostile articles through normalize → store shape → render`, () => {
    const started = performance.now();
    let rendered = 0;
    let refused = 0;
    fc.assert(
      fc.property(hostileArticle, (input) => {
        const normalized = normalizeOrReject(input);
        if (!normalized) {
          refused++;
          return;
        }
        const article = stored(normalized);
        expect(article).toEqual(normalized);
        const doc = RENDER[format](aFeed([article]));
        check(format, doc, article);
        if (format === 'atom' && rendered % JING_EVERY === 0) sampledAtom[`atom-${rendered}`] = doc;
        rendered++;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const seconds = (performance.now() - started) / 1000;
    summary.push(
      `${format}: seed ${SEED}, ${RUNS} runs (${rendered} rendered, ${refused} refused) in ${seconds.toFixed(0)} s`,
    );
  }, 0);
});

describe('fuzz: Atom sample', () => {
  it("passes RFC 4287's RELAX NG schema (jing)", () => {
    expect(jingAvailable()).toBe(true);
    const results = validateAtomDocuments(sampledAtom);
    const failed = Object.entries(results).filter(([, r]) => !r.ok);
    expect(failed).toEqual([]);
    summary.push(`atom sample: ${Object.keys(results).length} documents valid (jing)`);
  }, 600_000);
});

afterAll(() => {
  console.log(summary.join('\n'));
});
