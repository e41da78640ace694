import { parseFeed as parseWithRowanmanning } from '@rowanmanning/feed-parser';
import { parseOpml } from 'feedsmith';
import { afterAll, describe, expect, it } from 'vitest';
import { anApp } from '../support/app';
import { anArticleInput, hoursAgo, NOW } from '../support/fixtures';
import { assertWellFormedXml, find, parseXml } from '../support/xml';

const t = await anApp([
  anArticleInput({
    id: 'one',
    title: 'First',
    publishedAt: hoursAgo(1),
    categories: ['Politics'],
    tags: ['Elections'],
  }),
  anArticleInput({
    id: 'two',
    title: 'Deux',
    language: 'fr',
    publishedAt: hoursAgo(2),
    categories: ['Économie'],
    tags: ['Cocoa'],
  }),
  anArticleInput({ id: 'draft', status: 'draft', publishedAt: hoursAgo(3) }),
  anArticleInput({ id: 'soon', publishedAt: new Date(NOW.getTime() + 3_600_000).toISOString() }),
]);
afterAll(() => t.close());

type JsonFeedDoc = { feed_url: string; items: { id: string; title: string }[] };

const get = (path: string, init?: RequestInit) => t.app.request(`http://localhost${path}`, init);

describe('feed routes', () => {
  const cases = [
    ['/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/feed.json', 'application/feed+json; charset=utf-8'],
    ['/categories/politics/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['/categories/economie/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/tags/cocoa/feed.json', 'application/feed+json; charset=utf-8'],
    ['/authors/aminata-diallo/rss.xml', 'application/rss+xml; charset=utf-8'],
  ] as const;

  it.each(cases)('GET %s answers 200 with %s', async (path, type) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    // Asked within the second of the last change: reported a second early (tests/http/last-modified.test.ts).
    expect(res.headers.get('last-modified')).toBe(new Date(NOW.getTime() - 1000).toUTCString());
  });

  it('shows live articles only, newest first, in every format', async () => {
    const rss = parseWithRowanmanning(await (await get('/rss.xml')).text());
    const atom = parseWithRowanmanning(await (await get('/atom.xml')).text());
    const json = (await (await get('/feed.json')).json()) as JsonFeedDoc;
    expect(rss.items.map((i) => i.title)).toEqual(['First', 'Deux']);
    expect(atom.items.map((i) => i.title)).toEqual(['First', 'Deux']);
    expect(json.items.map((i) => i.title)).toEqual(['First', 'Deux']);
  });

  it('scopes feeds to their category, tag or author', async () => {
    const titles = async (path: string) =>
      parseWithRowanmanning(await (await get(path)).text()).items.map((i) => i.title);
    expect(await titles('/categories/economie/rss.xml')).toEqual(['Deux']);
    expect(await titles('/tags/elections/atom.xml')).toEqual(['First']);
    expect(await titles('/authors/aminata-diallo/rss.xml')).toEqual(['First', 'Deux']);
  });

  it('shows a scheduled article once it is due, with no job run in between', async () => {
    t.setNow(new Date(NOW.getTime() + 3_600_000));
    try {
      const json = (await (await get('/feed.json')).json()) as JsonFeedDoc;
      expect(json.items.map((i) => i.id.split(':').at(-1))).toEqual(['soon', 'one', 'two']);
    } finally {
      t.setNow(NOW);
    }
  });

  it('honours ?limit', async () => {
    const json = (await (await get('/feed.json?limit=1')).json()) as JsonFeedDoc;
    expect(json.items).toHaveLength(1);
  });

  it.each(['0', '101', 'abc', '1.5', '-1', '', '10abc', '1e2'])(
    'answers ?limit=%s with a 400 problem naming the parameter',
    async (limit) => {
      const res = await get(`/rss.xml?limit=${encodeURIComponent(limit)}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      const problem = (await res.json()) as object;
      expect(problem).toMatchObject({ status: 400, title: 'Bad Request', errors: [{ parameter: 'limit' }] });
    },
  );

  it.each([
    '/categories/nope/rss.xml',
    '/tags/nope/feed.json',
    '/authors/nobody/atom.xml',
    '/categories/Politics/rss.xml',
    '/nope.xml',
    '/categories/politics/feed.xml',
  ])('answers %s with a 404 problem', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(((await res.json()) as { status: number }).status).toBe(404);
  });

  it('builds self links from configuration, never from the Host header', async () => {
    const res = await get('/atom.xml', {
      headers: { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' },
    });
    const xml = await res.text();
    expect(xml).not.toContain('evil.example');
    const self = find(parseXml(xml), 'link').find((l) => l.attributes.rel === 'self');
    expect(self?.attributes.href).toBe('https://feeds.baobabpost.example/atom.xml');
    const json = (await (
      await get('/tags/cocoa/feed.json', { headers: { Host: 'evil.example' } })
    ).json()) as JsonFeedDoc;
    expect(json.feed_url).toBe('https://feeds.baobabpost.example/tags/cocoa/feed.json');
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await get('/rss.xml', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(await res.text()).toBe('');
  });
});

describe('the index page', () => {
  it('lists every feed with autodiscovery links for every scope and format', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    const alternates = [
      ...page.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">/g),
    ].map((m) => `${m[1]} ${m[2]}`);
    const base = 'https://feeds.baobabpost.example';
    for (const scope of [
      '',
      '/categories/politics',
      '/categories/economie',
      '/tags/elections',
      '/tags/cocoa',
      '/authors/aminata-diallo',
    ]) {
      expect(alternates).toContain(`application/rss+xml ${base}${scope}/rss.xml`);
      expect(alternates).toContain(`application/atom+xml ${base}${scope}/atom.xml`);
      expect(alternates).toContain(`application/feed+json ${base}${scope}/feed.json`);
    }
    expect(page).toContain('Économie');
  });

  it('escapes names it did not write', async () => {
    const hostile = await anApp([anArticleInput({ id: 'h', tags: ['Tom & "Jerry"'] })]);
    try {
      const page = await (await hostile.app.request('http://localhost/')).text();
      expect(page).toContain('Tom &amp; &quot;Jerry&quot;');
    } finally {
      await hostile.close();
    }
  });
});

describe('CORS', () => {
  it('lets any origin read feeds and their validators', async () => {
    const res = await get('/categories/politics/feed.json', {
      headers: { Origin: 'https://partner.example' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('ETag,Last-Modified,Link');
  });

  it('answers a preflight for conditional GETs', async () => {
    const res = await get('/feed.json', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://partner.example',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'if-none-match',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toContain('If-None-Match');
  });

  it('does not open the write API to other origins', async () => {
    const res = await get('/api/articles', { method: 'GET', headers: { Origin: 'https://partner.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('OPML', () => {
  it('lists every feed, in folders, with titles, xmlUrl and htmlUrl, and answers 304s', async () => {
    const res = await get('/feeds.opml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    const xml = await res.text();
    assertWellFormedXml(xml);
    const opml = parseOpml(xml);
    const flat = (opml.body?.outlines ?? [])
      .flatMap((o) => [o, ...(o.outlines ?? [])])
      .filter((o) => o.xmlUrl);
    const index = await (await get('/')).text();
    const rssUrls = [...index.matchAll(/type="application\/rss\+xml" title="[^"]*" href="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(flat.map((o) => o.xmlUrl).sort()).toEqual([...rssUrls].sort());
    for (const o of flat) {
      expect(o.text).toBeTruthy();
      expect(o.htmlUrl).toBe('https://baobabpost.example/');
      expect((await get(o.xmlUrl!.replace('https://feeds.baobabpost.example', ''))).status).toBe(200);
    }
    expect((opml.body?.outlines ?? []).map((o) => o.text)).toEqual([
      'Baobab Post',
      'Categories',
      'Tags',
      'Authors',
    ]);
    expect(
      (await get('/feeds.opml', { headers: { 'If-None-Match': res.headers.get('etag')! } })).status,
    ).toBe(304);
  });
});

describe('the starter OPML', () => {
  it('lists the site feed and the categories only, is linked from the index page, and follows /feeds.opml’s caching', async () => {
    const [res, full] = [await get('/starter.opml'), await get('/feeds.opml')];
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    const xml = await res.text();
    assertWellFormedXml(xml);
    const outlines = parseOpml(xml).body?.outlines ?? [];
    expect(outlines.map((o) => o.text)).toEqual(['Baobab Post', 'Categories']);
    expect(
      outlines.flatMap((o) => [o.xmlUrl, ...(o.outlines ?? []).map((c) => c.xmlUrl)]).filter(Boolean),
    ).toEqual([
      'https://feeds.baobabpost.example/rss.xml',
      'https://feeds.baobabpost.example/categories/economie/rss.xml',
      'https://feeds.baobabpost.example/categories/politics/rss.xml',
    ]);
    for (const header of ['cache-control', 'last-modified', 'access-control-allow-origin'])
      expect(res.headers.get(header)).toBe(full.headers.get(header));
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"/);
    expect(etag).not.toBe(full.headers.get('etag'));
    expect((await get('/starter.opml', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const index = await (await get('/')).text();
    expect(index).toContain('href="https://feeds.baobabpost.example/starter.opml" type="text/x-opml"');
    expect(index).toContain('href="https://feeds.baobabpost.example/feeds.opml" type="text/x-opml"');
  });
});

describe('CORS on errors', () => {
  it('lets a partner page read a 404 or 400 problem as what it is', async () => {
    for (const path of ['/categories/nope/feed.json', '/feed.json?limit=0']) {
      const res = await get(path, { headers: { Origin: 'https://partner.example' } });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });
});
