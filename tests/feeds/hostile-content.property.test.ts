import { parseFeed as parseWithRowanmanning } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../lib/articles/article';
import { normalizeArticle } from '../../lib/articles/normalize';
import { ValidationError } from '../../lib/errors';
import { renderAtom, renderJsonFeed, renderRss } from '../../lib/feeds/render';
import { validateAtom } from '../support/atom-schema';
import { aFeed } from '../support/feeds';
import { anArticleInput, NOW } from '../support/fixtures';
import { JsonFeed11 } from '../support/json-feed-schema';
import { liveScriptIn, tagsIn } from '../support/live-script';
import { assertWellFormedXml, find, parseXml } from '../support/xml';

/**
 * Whatever an article contains, every format stays well-formed and valid, and nothing
 * in it would run in a reader that renders its HTML.
 */

const HOSTILE = [
  ']]>',
  '<![CDATA[',
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href=" jAvAsCrIpT:alert(1)">y</a>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example">',
  '<style>*{}</style>',
  '" onmouseover="alert(1)',
  "'",
  '"',
  '&',
  '&amp;',
  '&#0;',
  '&#xFFFE;',
  '<',
  '>',
  '\u0000',
  '\u0001',
  '\u000B',
  '\u001F',
  '\uFFFE',
  '\uFFFF',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uDFFF',
  '🇸🇳',
  'é',
  '\u202E',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<p>ok</p>',
  'data:text/html,<script>',
];

/** Random Unicode (lone surrogates included: unit 'binary') spliced with known-hostile fragments. */
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 12 })), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

const hostileArticle = fc
  .record({
    title: hostileText,
    summary: hostileText,
    body: hostileText,
    caption: hostileText,
    credit: hostileText,
    alt: hostileText,
    author: hostileText,
    category: hostileText,
    tag: hostileText,
    source: hostileText,
    related: hostileText,
    excerpt: fc.boolean(),
  })
  .map(
    (h): ArticleInput =>
      anArticleInput({
        id: 'hostile',
        // Each name keeps a letter so that it is a valid category, tag or name at all.
        title: `T ${h.title}`,
        summary: h.summary,
        contentHtml: `<h2>${h.title}</h2><p>${h.body}</p><a href="${h.body}">link</a><img src="${h.caption}" alt="${h.alt}">`,
        authors: [{ name: `A ${h.author}`, slug: 'hostile-author' }],
        categories: [`c ${h.category}`],
        tags: [`t ${h.tag}`],
        image: {
          url: 'https://baobabpost.example/i.jpg',
          type: 'image/jpeg',
          length: 1,
          caption: h.caption,
          credit: h.credit,
          alt: h.alt,
        },
        source: { name: `S ${h.source}`, url: 'https://allafrica.com/' },
        rights: h.excerpt ? 'excerpt' : 'full',
        related: [{ title: `R ${h.related}`, url: 'https://baobabpost.example/r' }],
      }),
  );

function normalizeOrReject(input: ArticleInput) {
  try {
    return normalizeArticle(input, { newId: () => 'x', now: NOW });
  } catch (error) {
    // Rejection is a fine outcome for hostile input, as long as it is a clear validation error.
    expect(error).toBeInstanceOf(ValidationError);
    return undefined;
  }
}

function htmlAndTextOf(rss: string, atom: string, json: string) {
  const rssItem = find(parseXml(rss), 'channel/item')[0]!;
  const atomEntry = find(parseXml(atom), 'entry')[0]!;
  const jsonItem = JSON.parse(json).items[0];
  const html = [
    ...find(rssItem, 'content:encoded').map((n) => n.text),
    ...find(atomEntry, 'content')
      .filter((n) => n.attributes.type === 'html')
      .map((n) => n.text),
    jsonItem.content_html ?? '',
  ];
  // Plain text sent as escaped HTML: RSS <description>, Atom <summary type="html">.
  const htmlText = [
    ...find(rssItem, 'description').map((n) => n.text),
    ...find(atomEntry, 'summary').map((n) => n.text),
  ];
  const titles = [find(rssItem, 'title')[0]?.text, find(atomEntry, 'title')[0]?.text, jsonItem.title];
  return { html, htmlText, titles };
}

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
