import { afterAll, describe, expect, it } from 'vitest';
import { anApp } from '../support/app';
import { anArticleInput, hoursAgo } from '../support/fixtures';
import { find, parseXml } from '../support/xml';

const OUTSIDE = 'https://pubsubhubbub.example/';
const t = await anApp(
  [anArticleInput({ id: 'one', publishedAt: hoursAgo(1), categories: ['Politics'], tags: ['Cocoa'] })],
  { WEBSUB_HUBS: OUTSIDE },
);
afterAll(() => t.close());

const BASE = 'https://feeds.baobabpost.example';
const HUB = `${BASE}/websub`;
const get = (path: string, init?: RequestInit) => t.app.request(`http://localhost${path}`, init);

/** RFC 8288 links of a header, as [url, rel] pairs. */
const links = (header: string | null) =>
  [...(header ?? '').matchAll(/<([^>]+)>;\s*rel="([^"]+)"/g)].map((m) => [m[1], m[2]]);

describe('WebSub discovery (§4)', () => {
  const paths = ['', '/categories/politics', '/tags/cocoa', '/authors/aminata-diallo'].flatMap((scope) =>
    ['rss.xml', 'atom.xml', 'feed.json'].map((file) => `${scope}/${file}`),
  );

  it.each(paths)('%s names the hubs and its topic in Link on 200 and on 304', async (path) => {
    const ok = await get(path);
    expect(ok.status).toBe(200);
    const expected = [
      [HUB, 'hub'],
      [OUTSIDE, 'hub'],
      [`${BASE}${path}`, 'self'],
    ];
    expect(links(ok.headers.get('link'))).toEqual(expected);
    const notModified = await get(path, { headers: { 'If-None-Match': ok.headers.get('etag')! } });
    expect(notModified.status).toBe(304);
    expect(links(notModified.headers.get('link'))).toEqual(expected);
  });

  it('keeps the canonical topic as rel=self on a page with a query', async () => {
    const res = await get('/tags/cocoa/atom.xml?limit=5');
    expect(links(res.headers.get('link')).at(-1)).toEqual([`${BASE}/tags/cocoa/atom.xml`, 'self']);
  });

  it('names the hubs in each document: RSS atom:link, Atom link, JSON Feed hubs', async () => {
    const rss = parseXml(await (await get('/rss.xml')).text());
    const rssHubs = find(rss, 'channel/atom:link').filter((l) => l.attributes.rel === 'hub');
    expect(rssHubs.map((l) => l.attributes.href)).toEqual([HUB, OUTSIDE]);

    const atom = parseXml(await (await get('/categories/politics/atom.xml')).text());
    const atomLinks = find(atom, 'link').map((l) => [l.attributes.href, l.attributes.rel]);
    expect(atomLinks).toContainEqual([HUB, 'hub']);
    expect(atomLinks).toContainEqual([`${BASE}/categories/politics/atom.xml`, 'self']);

    const json = (await (await get('/feed.json')).json()) as { hubs: unknown };
    expect(json.hubs).toEqual([
      { type: 'WebSub', url: HUB },
      { type: 'WebSub', url: OUTSIDE },
    ]);
  });
});
