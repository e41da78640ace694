import { parseFeed as parseWithRowanmanning } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeArticle } from '../../lib/articles/normalize';
import { ValidationError } from '../../lib/errors';
import { renderAtom, renderJsonFeed, renderRss } from '../../lib/feeds/render';
import { validateAtom } from '../support/atom-schema';
import { aFeed } from '../support/feeds';
import { anArticleInput, NOW } from '../support/fixtures';
import { hostileArticle, hostileText, htmlAndTextOf, normalizeOrReject } from '../support/hostile-article';
import { JsonFeed11 } from '../support/json-feed-schema';
import { liveScriptIn, tagsIn } from '../support/live-script';
import { assertWellFormedXml } from '../support/xml';

/**
 * Whatever an article contains, every format stays well-formed and valid, and nothing
 * in it would run in a reader that renders its HTML. (`npm run fuzz` runs the same
 * checks 100,000 times per format: tests/fuzz/feeds.fuzz.ts.)
 */
describe('hostile article content', () => {
  it('never makes a feed ill-formed or invalid, and never leaves live script', () => {
    fc.assert(
      fc.property(hostileArticle, (input) => {
        const article = normalizeOrReject(input);
        if (!article) return;
        const feed = aFeed([article]);
        const [rss, atom, json] = [renderRss(feed), renderAtom(feed), renderJsonFeed(feed)];
        assertWellFormedXml(rss);
        assertWellFormedXml(atom);
        expect(JsonFeed11.safeParse(JSON.parse(json)).error?.issues ?? []).toEqual([]);
        expect(parseWithRowanmanning(rss).items).toHaveLength(1);
        expect(parseWithRowanmanning(atom).items).toHaveLength(1);
        const { html, htmlText, titles } = htmlAndTextOf(rss, atom, json);
        for (const h of html) expect(liveScriptIn(h)).toEqual([]);
        for (const t of htmlText) expect(tagsIn(t)).toEqual([]);
        // Plain text is kept as sent, as text, in every format (docs/decisions.md).
        expect(titles).toEqual([article.title, article.title, article.title]);
        // Excerpt-only: the content is the summary in a paragraph, never the body.
        if (article.rights === 'excerpt') expect(html.flatMap(tagsIn)).toEqual(['p']);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps Atom valid against RFC 4287's RELAX NG schema", () => {
    // jing starts a JVM per document, so fewer runs here; well-formedness above covers the breadth.
    fc.assert(
      fc.property(hostileArticle, (input) => {
        const article = normalizeOrReject(input);
        if (article) expect(validateAtom(renderAtom(aFeed([article]))).errors).toEqual([]);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('rejects a 100 KB title with a clear error naming the field', () => {
    const error = (() => {
      try {
        normalizeArticle(anArticleInput({ title: 'x'.repeat(100_000) }), { newId: () => 'x', now: NOW });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ pointer: '/title', detail: expect.any(String) }]);
  });
});

describe('renderers on unnormalized input (defence at render time)', () => {
  it('stay well-formed even when the model holds forbidden characters and 100 KB strings', () => {
    fc.assert(
      fc.property(hostileText, hostileText, fc.boolean(), (a, b, huge) => {
        const article = normalizeArticle(anArticleInput({ id: 'raw' }), { newId: () => 'x', now: NOW });
        // Bypass normalization: as if a value reached the table some other way.
        Object.assign(article, {
          title: huge ? `${a}${'x'.repeat(100_000)}` : a,
          summary: b,
          contentHtml: `${a}]]>${b}`,
          authors: [{ name: b, slug: 's' }],
          categories: [a],
        });
        const feed = aFeed([article]);
        assertWellFormedXml(renderRss(feed));
        assertWellFormedXml(renderAtom(feed));
        expect(() => JSON.parse(renderJsonFeed(feed))).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });
});
