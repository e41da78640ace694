import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApp } from '../support/app';
import { anArticleInput, hoursAgo, NOW } from '../support/fixtures';

/**
 * Nothing about a scheduled article is public before it is due: not its categories,
 * tags or authors in /feeds.opml or on /, and not as feeds of their own. A feed with
 * nothing published is not listed.
 */
type App = Awaited<ReturnType<typeof anApp>>;
let t: App;
const inHours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();
const SECRET = ['Merger Talks', 'secret-tag', 'Embargoed Reporter', 'embargoed-reporter', 'merger-talks'];

beforeAll(async () => {
  t = await anApp([
    anArticleInput({ id: 'live', publishedAt: hoursAgo(1), categories: ['Politics'], tags: ['Elections'] }),
    anArticleInput({
      id: 'scheduled',
      publishedAt: inHours(2),
      categories: ['Merger Talks'],
      tags: ['Secret Tag'],
      authors: [{ name: 'Embargoed Reporter', slug: 'embargoed-reporter' }],
    }),
    anArticleInput({ id: 'gone', publishedAt: hoursAgo(3), categories: ['Ephemeral'], tags: ['Elections'] }),
    anArticleInput({ id: 'called-off', publishedAt: inHours(5), categories: ['Called Off'] }),
  ]);
  await t.publishing.deleteArticle('gone');
  await t.publishing.deleteArticle('called-off');
});
afterAll(() => t.close());

const get = (path: string) => t.app.request(`http://localhost${path}`);
const text = async (path: string) => (await get(path)).text();

describe('before the scheduled article is due', () => {
  it.each(['/feeds.opml', '/starter.opml', '/'])(
    '%s names none of its categories, tags or authors',
    async (path) => {
      const body = await text(path);
      for (const secret of SECRET) expect(body).not.toContain(secret);
      expect(body).toContain('Politics');
    },
  );

  it.each([
    '/categories/merger-talks/rss.xml',
    '/tags/secret-tag/atom.xml',
    '/authors/embargoed-reporter/feed.json',
    '/embed/categories/merger-talks',
  ])('%s answers exactly as an unknown feed does', async (path) => {
    const res = await get(path);
    const unknown = await get(path.replace(/merger-talks|secret-tag|embargoed-reporter/, 'no-such-feed'));
    expect(res.status).toBe(404);
    const body = await res.text();
    // The slug is the request's own; the display names are the secret.
    for (const name of ['Merger Talks', 'Secret Tag', 'Embargoed Reporter']) expect(body).not.toContain(name);
    expect(body.replace(/merger-talks|secret-tag|embargoed-reporter/g, 'x')).toBe(
      (await unknown.text()).replace(/no-such-feed/g, 'x'),
    );
  });

  it('the browser page of a not-yet-due feed is a 404 too', async () => {
    const res = await t.app.request('http://localhost/categories/merger-talks/rss.xml', {
      headers: { 'Sec-Fetch-Dest': 'document', Accept: 'text/html' },
    });
    expect(res.status).toBe(404);
  });

  it('caches of / and /feeds.opml expire when the scheduled article is due', async () => {
    for (const path of ['/', '/feeds.opml']) {
      const maxAge = Number(/max-age=(\d+)/.exec((await get(path)).headers.get('cache-control') ?? '')?.[1]);
      expect(maxAge).toBeLessThanOrEqual(300);
    }
    t.setNow(new Date(Date.parse(inHours(2)) - 60_000));
    for (const path of ['/', '/feeds.opml']) {
      expect((await get(path)).headers.get('cache-control')).toMatch(/max-age=60\b/);
    }
    t.setNow(NOW);
  });
});

describe('feeds without published articles', () => {
  it('are not listed once their only article is deleted', async () => {
    for (const path of ['/feeds.opml', '/']) {
      const body = await text(path);
      expect(body).not.toContain('Ephemeral');
      expect(body).not.toContain('Called Off');
    }
  });

  it('one that was public answers empty; one that never was is unknown', async () => {
    const emptied = await get('/categories/ephemeral/feed.json');
    expect(emptied.status).toBe(200);
    expect(((await emptied.json()) as { items: unknown[] }).items).toEqual([]);
    expect((await get('/categories/called-off/rss.xml')).status).toBe(404);
  });
});

describe('when the scheduled article is due', () => {
  it('its feeds appear, listed and served', async () => {
    t.setNow(new Date(Date.parse(inHours(2)) + 1_000));
    try {
      const opml = await text('/feeds.opml');
      for (const name of ['Merger Talks', 'Secret Tag', 'Embargoed Reporter']) expect(opml).toContain(name);
      const res = await get('/categories/merger-talks/feed.json');
      expect(res.status).toBe(200);
      const feed = (await res.json()) as { title: string; items: { id: string }[] };
      expect(feed.title).toContain('Merger Talks');
      expect(feed.items.map((i) => i.id.split(':').at(-1))).toEqual(['scheduled']);
    } finally {
      t.setNow(NOW);
    }
  });

  it('/ and /feeds.opml are modified then: If-Modified-Since alone gets the grown list', async () => {
    const paths = ['/', '/feeds.opml'];
    try {
      // Prepare: each list as fetched well after the last write (its Last-Modified exact).
      t.setNow(new Date(NOW.getTime() + 10_000));
      const seen = await Promise.all(
        paths.map(async (p) => (await get(p)).headers.get('last-modified') ?? ''),
      );

      // Act: revalidate once the scheduled article is due.
      t.setNow(new Date(Date.parse(inHours(2)) + 1_000));
      const again = await Promise.all(
        paths.map((p, i) =>
          t.app.request(`http://localhost${p}`, { headers: { 'If-Modified-Since': seen[i] as string } }),
        ),
      );

      // Assess
      for (const res of again) {
        expect(res.status).toBe(200);
        expect(await res.text()).toContain('Merger Talks');
      }
    } finally {
      t.setNow(NOW);
    }
  });
});
