import fc from 'fast-check';
import { expect } from 'vitest';
import type { ArticleInput } from '../../lib/articles/article';
import { normalizeArticle } from '../../lib/articles/normalize';
import { ValidationError } from '../../lib/errors';
import { anArticleInput, NOW } from './fixtures';
import { find, parseXml } from './xml';

/**
 * Articles made of random Unicode spliced with known-hostile fragments, for the property
 * test (tests/feeds/hostile-content.property.test.ts) and `npm run fuzz` (tests/fuzz).
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
export const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 12 })), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

export const hostileArticle = fc
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

/** The article as stored, or undefined when normalization refuses it with a clear validation error. */
export function normalizeOrReject(input: ArticleInput) {
  try {
    return normalizeArticle(input, { newId: () => 'x', now: NOW });
  } catch (error) {
    // Rejection is a fine outcome for hostile input, as long as it is a clear validation error.
    expect(error).toBeInstanceOf(ValidationError);
    return undefined;
  }
}

/** What readers treat as HTML, plain text they render as HTML, and the titles, of one-item documents. */
export function htmlAndTextOf(rss: string, atom: string, json: string) {
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
