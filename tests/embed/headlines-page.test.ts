import { createHash } from 'node:crypto';
import { DomUtils } from 'htmlparser2';
import { afterAll, describe, expect, it } from 'vitest';
import { anArticleInput, hoursAgo, NOW } from '../support/fixtures';
import { liveScriptIn } from '../support/live-script';
import { anEmbedApp, elementsIn, headlinesIn } from './support';

/** `/embed/{scope}`: the headlines as a framable, script-free page, for sites that cannot run the widget. */

const HOUR = 3_600_000;
const politics = (n: number, overrides = {}) =>
  anArticleInput({ id: `p${n}`, title: `Politics ${n}`, publishedAt: hoursAgo(n), ...overrides });

const t = await anEmbedApp([
  politics(1),
  politics(2, {
    language: 'fr',
    title: 'Le port de Dakar prolonge ses horaires',
    publishedAt: '2026-11-20T10:00:00Z',
  }),
  politics(3, { image: undefined }),
  politics(4, {
    image: { url: 'https://baobabpost.example/media/decorative.jpg', width: 1600, height: 900 },
  }),
  politics(5),
  politics(6),
  politics(7),
  anArticleInput({
    id: 'eco',
    title: 'Économie 1',
    categories: ['Économie'],
    tags: ['Cocoa'],
    publishedAt: hoursAgo(8),
  }),
  anArticleInput({ id: 'soon', title: 'Not yet', publishedAt: new Date(NOW.getTime() + HOUR).toISOString() }),
]);
afterAll(() => t.close());

describe('GET /embed/{scope}', () => {
  it.each([
    ['/embed/site', 5],
    ['/embed/categories/politics?limit=3', 3],
    ['/embed/categories/economie', 1],
    ['/embed/tags/cocoa', 1],
    ['/embed/authors/aminata-diallo?limit=20', 8],
  ])('GET %s lists %i headlines, newest first', async (path, count) => {
    const res = await t.get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8$/i);
    expect(headlinesIn(await res.text())).toHaveLength(count);
  });

  it('links each headline to its article, in a new tab without an opener', async () => {
    const headlines = headlinesIn(await (await t.get('/embed/categories/politics')).text());
    expect(headlines.map((h) => [h.title, h.href])).toEqual([
      ['Politics 1', 'https://baobabpost.example/news/story-p1'],
      ['Politics 3', 'https://baobabpost.example/news/story-p3'],
      ['Politics 4', 'https://baobabpost.example/news/story-p4'],
      ['Politics 5', 'https://baobabpost.example/news/story-p5'],
      ['Politics 6', 'https://baobabpost.example/news/story-p6'],
    ]);
    expect(headlines.every((h) => h.target === '_blank' && h.rel === 'noopener')).toBe(true);
  });

  it('dates each article in its own language, and marks the language', async () => {
    const headlines = headlinesIn(await (await t.get('/embed/site?limit=10')).text());
    const french = headlines.find((h) => h.lang === 'fr')!;
    expect(french).toMatchObject({ date: '20 novembre 2026', datetime: '2026-11-20T10:00:00.000Z' });
    expect(headlines[0]).toMatchObject({ lang: 'en', date: 'November 26, 2026' });
  });

  it('shows lazy thumbnails of fixed size with ?images=1, alt text from the feed or empty', async () => {
    const headlines = headlinesIn(await (await t.get('/embed/categories/politics?images=1')).text());
    expect(headlines.map((h) => h.img?.alt)).toEqual(['Alt text', undefined, '', 'Alt text', 'Alt text']);
    for (const { img } of headlines.filter((h) => h.img)) {
      expect(img).toMatchObject({ loading: 'lazy', width: '96', height: '64' });
      expect(img!.src).toMatch(/^https:\/\/baobabpost\.example\/media\//);
    }
    expect(headlinesIn(await (await t.get('/embed/categories/politics')).text()).some((h) => h.img)).toBe(
      false,
    );
  });

  it('themes the page light by default, dark or following the reader on request', async () => {
    const themeOf = async (query: string) =>
      elementsIn(await (await t.get(`/embed/site${query}`)).text(), 'html')[0]!.attribs.class;
    expect(await themeOf('')).toBe('light');
    expect(await themeOf('?theme=dark')).toBe('dark');
    expect(await themeOf('?theme=auto')).toBe('auto');
  });

  it('is an empty page with a link home when there is nothing to show yet', async () => {
    const empty = await anEmbedApp();
    try {
      const html = await (await empty.get('/embed/site')).text();
      expect(headlinesIn(html)).toEqual([]);
      expect(elementsIn(html, 'a').map((a) => a.attribs.href)).toEqual(['https://baobabpost.example/']);
    } finally {
      await empty.close();
    }
  });
});

describe('security headers of the iframe page', () => {
  it('forbids scripts, forms and <base>, allows images and its own stylesheet, and may be framed anywhere', async () => {
    const res = await t.get('/embed/categories/politics?images=1&theme=dark');
    const csp = Object.fromEntries(
      res.headers
        .get('content-security-policy')!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp).toEqual({
      'default-src': ["'none'"],
      'img-src': ['https:', 'http:'],
      'style-src': [expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/)],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ['*'],
    });
    // The hash is the page's one stylesheet, byte for byte.
    const html = await res.text();
    const style = DomUtils.textContent(elementsIn(html, 'style')[0]!);
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp['style-src']).toEqual([`'sha256-${hash}'`]);
    expect(elementsIn(html, 'style')).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle=/);
    expect(res.headers.has('x-frame-options')).toBe(false);
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('leaves the feeds it is composed with as they were', async () => {
    const res = await t.get('/feed.json');
    expect(res.status).toBe(200);
    expect(res.headers.has('content-security-policy')).toBe(false);
    expect(res.headers.has('cross-origin-resource-policy')).toBe(false);
  });
});

describe('escaping', () => {
  it('shows hostile titles and alt text as text, never as markup', async () => {
    // Prepare: titles keep tag-shaped text as text (docs/decisions.md), so the page must escape it.
    const hostile = await anEmbedApp([
      anArticleInput({
        id: 'x1',
        title: '<script>alert(1)</script>',
        categories: ['Hostile'],
        publishedAt: hoursAgo(1),
      }),
      anArticleInput({
        id: 'x2',
        title: '"quotes" & <ampersand> 5 < 6',
        categories: ['Hostile'],
        publishedAt: hoursAgo(2),
        image: {
          url: 'https://baobabpost.example/media/x.jpg?a=1&b="2"',
          alt: '" onerror="alert(1)',
          width: 1,
          height: 1,
        },
      }),
    ]);
    try {
      // Act
      const html = await (await hostile.get('/embed/categories/hostile?images=1')).text();
      const feed = (await (await hostile.get('/categories/hostile/feed.json')).json()) as {
        items: { title: string }[];
      };
      // Assess: the page shows exactly the feed's titles, and nothing in it can run.
      // (The head's <meta> and constant <style> are ours; the feed's data is all in the body.)
      expect(liveScriptIn(html.slice(html.indexOf('<body>')))).toEqual([]);
      expect(html).not.toMatch(/<script|onerror="/i);
      const headlines = headlinesIn(html);
      expect(headlines.map((h) => h.title)).toEqual(feed.items.map((i) => i.title));
      expect(headlines[0]!.title).toBe('<script>alert(1)</script>');
      expect(headlines[1]!.title).toBe('"quotes" & <ampersand> 5 < 6');
      expect(headlines[1]!.img).toEqual(
        expect.objectContaining({
          alt: '" onerror="alert(1)',
          // Stored as its WHATWG serialization (docs/decisions.md): the quotes arrive percent-encoded.
          src: 'https://baobabpost.example/media/x.jpg?a=1&b=%222%22',
        }),
      );
      expect(Object.keys(headlines[1]!.img!)).not.toContain('onerror');
    } finally {
      await hostile.close();
    }
  });
});

describe('caching', () => {
  it('carries the feed validators and a Cache-Control that ends when the next article is due', async () => {
    const res = await t.get('/embed/site');
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    // Asked within the second of the last change: reported a second early (tests/http/last-modified.test.ts).
    expect(res.headers.get('last-modified')).toBe(new Date(NOW.getTime() - 1000).toUTCString());
    // The scheduled article is due in an hour: past the default max-age of 300 s.
    expect(res.headers.get('cache-control')).toBe(
      'public, max-age=300, stale-while-revalidate=60, stale-if-error=86400',
    );
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since, repeating the headers', async () => {
    const first = await t.get('/embed/categories/politics');
    const etag = first.headers.get('etag')!;
    for (const headers of [{ 'If-None-Match': etag }, { 'If-Modified-Since': NOW.toUTCString() }] as Record<
      string,
      string
    >[]) {
      const res = await t.get('/embed/categories/politics', { headers });
      expect(res.status).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    }
  });

  it('gives each theme, thumbnail choice and limit its own ETag', async () => {
    const paths = [
      '/embed/site',
      '/embed/site?theme=dark',
      '/embed/site?theme=auto',
      '/embed/site?images=1',
      '/embed/site?limit=6',
      '/feed.json',
    ];
    const etags = await Promise.all(paths.map(async (p) => (await t.get(p)).headers.get('etag')));
    expect(new Set(etags).size).toBe(paths.length);
  });

  it('does not show a scheduled article before its time, and shows it once due', async () => {
    const titles = async () =>
      headlinesIn(await (await t.get('/embed/site?limit=20')).text()).map((h) => h.title);
    expect(await titles()).not.toContain('Not yet');
    t.setNow(new Date(NOW.getTime() + HOUR - 120_000));
    try {
      // Two minutes before: no cache may keep the page past the moment it changes.
      expect((await t.get('/embed/site')).headers.get('cache-control')).toBe(
        'public, max-age=120, stale-if-error=86400',
      );
      t.setNow(new Date(NOW.getTime() + HOUR));
      expect((await titles())[0]).toBe('Not yet');
    } finally {
      t.setNow(NOW);
    }
  });
});

describe('errors', () => {
  it.each([
    '/embed/categories/no-such-category',
    '/embed/tags/no-such-tag',
    '/embed/authors/nobody',
    '/embed/categories/Not_A_Slug',
    '/embed/shelves/politics',
    '/embed/site/extra',
  ])('GET %s is a 404 problem', async (path) => {
    const res = await t.get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(((await res.json()) as { status: number }).status).toBe(404);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=21', 'limit'],
    ['limit=five', 'limit'],
    ['theme=neon', 'theme'],
    ['images=yes', 'images'],
  ])('GET /embed/site?%s is a 400 problem naming %s', async (query, parameter) => {
    const res = await t.get(`/embed/site?${query}`);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { parameter: string }[] };
    expect(problem.errors.map((e) => e.parameter)).toEqual([parameter]);
  });
});
