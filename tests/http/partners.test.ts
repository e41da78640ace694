import { parseRssFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApp } from '../support/app';
import { anArticleInput, hoursAgo, NOW } from '../support/fixtures';

/** Partner keys and feed tokens: content level, UTM-tagged links, counted requests; excerpts stay excerpts. */

type App = Awaited<ReturnType<typeof anApp>>;
const articles = () => [
  anArticleInput({ id: 'staff', publishedAt: hoursAgo(1), url: 'https://baobabpost.example/news/staff' }),
  anArticleInput({
    id: 'wire',
    publishedAt: hoursAgo(2),
    rights: 'excerpt',
    source: { name: 'AllAfrica', url: 'https://allafrica.com/' },
    contentHtml: '<p>Wire body nobody may republish.</p>',
  }),
  ...Array.from({ length: 3 }, (_, i) => anArticleInput({ id: `more-${i}`, publishedAt: hoursAgo(3 + i) })),
];

async function createKey(t: App, admin: string, body: object) {
  const res = await t.app.request('http://localhost/api/keys', {
    method: 'POST',
    headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; key: string; feedToken?: string };
}

const items = (xml: string) => parseRssFeed(xml).items ?? [];

describe('partner keys and feed tokens', () => {
  let t: App;
  let admin: string;
  let excerptPartner: { id: string; key: string; feedToken?: string };
  let fullPartner: { id: string; key: string; feedToken?: string };

  beforeAll(async () => {
    t = await anApp(articles(), { FEED_HEAD_CACHE_MS: '0' });
    admin = (await t.keys.createKey({ name: 'admin', scopes: ['keys:admin'] })).key;
    excerptPartner = await createKey(t, admin, {
      name: 'Daily Digest',
      scopes: ['feeds:partner'],
      partner: { level: 'excerpt', utm: { source: 'dailydigest', campaign: 'headlines' } },
    });
    fullPartner = await createKey(t, admin, {
      name: 'Radio Kanem',
      scopes: ['feeds:partner'],
      partner: { level: 'full', utm: { source: 'radiokanem' } },
    });
  });
  afterAll(() => t.close());

  const get = async (path: string, headers: Record<string, string> = {}) =>
    t.app.request(`http://localhost${path}`, { headers });

  it('gives an excerpt-level partner summaries and UTM-tagged links, never cached in public', async () => {
    const res = await get('/rss.xml', { Authorization: `Bearer ${excerptPartner.key}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const feed = items(await res.text());
    // Excerpt level: each item's content is its summary (for feedparser-based readers), never the body.
    expect(feed.every((i) => !i.content?.encoded?.includes('Body of story'))).toBe(true);
    expect(feed[0]?.content?.encoded).toBe(`<p>${feed[0]?.description}</p>`);
    expect(feed[0]?.link).toBe(
      'https://baobabpost.example/news/staff?utm_source=dailydigest&utm_medium=syndication&utm_campaign=headlines',
    );
  });

  it('gives a full-level partner the body, but third-party excerpt-only copy stays an excerpt for everyone', async () => {
    const feed = items(await (await get('/rss.xml', { Authorization: `Bearer ${fullPartner.key}` })).text());
    expect(feed.find((i) => i.guid?.value?.endsWith(':staff'))?.content?.encoded).toContain(
      'Body of story staff',
    );
    const wire = feed.find((i) => i.guid?.value?.endsWith(':wire'));
    expect(wire?.content?.encoded).toBe('<p>Dek of story wire.</p>');
    expect(JSON.stringify(feed)).not.toContain('nobody may republish');
    expect(wire?.link).toContain('utm_source=radiokanem');
  });

  it('accepts the feed token in the URL for readers that cannot send headers, and keeps it in paging links', async () => {
    const token = excerptPartner.feedToken!;
    expect(token).toMatch(/^wft_[0-9a-f]{12}_/);
    const xml = await (await get(`/atom.xml?limit=2&token=${token}`)).text();
    expect(xml).not.toContain('Body of story');
    expect(xml).not.toContain('<content type="html"');
    expect(xml).toContain('utm_source=dailydigest');
    const next = /<link href="([^"]+)" rel="next"/.exec(xml)?.[1];
    expect(next).toContain(`token=${token}`);
    const page2 = await (
      await get(next!.replace('https://feeds.baobabpost.example', '').replace(/&amp;/g, '&'))
    ).text();
    expect(page2).toContain('utm_source=dailydigest');
  });

  it('leaves the public feed alone, with its own validators', async () => {
    const pub = await get('/rss.xml');
    const partner = await get('/rss.xml', { Authorization: `Bearer ${excerptPartner.key}` });
    expect(pub.headers.get('etag')).not.toBe(partner.headers.get('etag'));
    const feed = items(await pub.text());
    expect(feed[0]?.link).toBe('https://baobabpost.example/news/staff');
    expect(feed[0]?.content?.encoded).toBeDefined();
  });

  it.each([
    ['a malformed key', { Authorization: 'Bearer nope' }, '', 401],
    ['a token that was never issued', {}, `token=wft_0123456789ab_${'A'.repeat(43)}`, 401],
    ['a key without feeds:partner', 'writer', '', 403],
  ] as const)('refuses %s', async (_name, headers, query, status) => {
    const h =
      headers === 'writer'
        ? {
            Authorization: `Bearer ${(await t.keys.createKey({ name: 'cms', scopes: ['articles:write'] })).key}`,
          }
        : headers;
    const res = await get(`/rss.xml?${query}`, h);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });

  it('stops honouring a revoked partner key and its token', async () => {
    const gone = await createKey(t, admin, {
      name: 'Gone',
      scopes: ['feeds:partner'],
      partner: { level: 'full' },
    });
    expect((await get(`/rss.xml?token=${gone.feedToken}`)).status).toBe(200);
    await t.keys.revokeKey(gone.id);
    expect((await get(`/rss.xml?token=${gone.feedToken}`)).status).toBe(401);
    expect((await get('/rss.xml', { Authorization: `Bearer ${gone.key}` })).status).toBe(401);
  });

  it('counts every request per partner per day, 304s included, readable by admins', async () => {
    const counted = await createKey(t, admin, { name: 'Counted', scopes: ['feeds:partner'] });
    const first = await get('/feed.json', { Authorization: `Bearer ${counted.key}` });
    await get('/feed.json', {
      Authorization: `Bearer ${counted.key}`,
      'If-None-Match': first.headers.get('etag')!,
    });
    await get(`/categories/politics/rss.xml?token=${counted.feedToken}`);
    const res = await t.app.request(`http://localhost/api/partners/${counted.id}/usage`, {
      headers: { Authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    const today = NOW.toISOString().slice(0, 10);
    expect(await res.json()).toMatchObject({ total: 3, days: [{ day: today, requests: 3 }] });
    const forbidden = await t.app.request(`http://localhost/api/partners/${counted.id}/usage`, {
      headers: { Authorization: `Bearer ${counted.key}` },
    });
    expect(forbidden.status).toBe(403);
  });
});

describe('a publisher whose public feeds are excerpts', () => {
  it('gives the public summaries and a full-level partner the body', async () => {
    const t = await anApp(articles(), { PUBLIC_CONTENT_LEVEL: 'excerpt' });
    try {
      const admin = (await t.keys.createKey({ name: 'a', scopes: ['keys:admin'] })).key;
      const full = await createKey(t, admin, {
        name: 'Full',
        scopes: ['feeds:partner'],
        partner: { level: 'full' },
      });
      const pub = items(await (await t.app.request('http://localhost/rss.xml')).text());
      expect(pub.every((i) => !i.content?.encoded?.includes('Body of story'))).toBe(true);
      const partner = items(
        await (await t.app.request(`http://localhost/rss.xml?token=${full.feedToken}`)).text(),
      );
      expect(partner.find((i) => i.guid?.value?.endsWith(':staff'))?.content?.encoded).toBeDefined();
    } finally {
      await t.close();
    }
  });
});
