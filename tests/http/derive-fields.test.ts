import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApp } from '../support/app';
import { recordCalls } from '../support/dynamo-calls';
import { hoursAgo, NOW } from '../support/fixtures';

/** Publishing with what an editor knows: everything else is derived, and what is given wins. */

type App = Awaited<ReturnType<typeof anApp>>;
let t: App;
let key: string;

beforeAll(async () => {
  t = await anApp([], {
    SITE_URL: 'https://baobabpost.example/',
    SITE_LANGUAGE: 'fr',
    SITE_TITLE: 'Baobab Post',
  });
  key = (await t.keys.createKey({ name: 'cms', scopes: ['articles:write', 'articles:read'] })).key;
});
afterAll(() => t.close());

interface Written {
  id: string;
  slug: string;
  url: string;
  language: string;
  publishedAt: string;
  authors: { name: string; slug: string }[];
  derived: string[];
}

const send = async (method: string, path: string, body: unknown, app = t) =>
  app.app.request(`http://localhost${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

const post = async (body: unknown) => {
  const res = await send('POST', '/api/articles', body);
  return { status: res.status, article: (await res.json()) as Written };
};

describe('POST with only a title and a body', () => {
  it('derives slug, byline, date, language and URL, says so, and the article is in the feeds', async () => {
    const { status, article } = await post({
      title: 'Élections à Dakar : le jour J',
      contentHtml: '<p>Body</p>',
    });
    expect(status).toBe(201);
    expect(article).toMatchObject({
      slug: 'elections-a-dakar-le-jour-j',
      url: 'https://baobabpost.example/elections-a-dakar-le-jour-j',
      language: 'fr',
      publishedAt: NOW.toISOString(),
      authors: [{ name: 'Baobab Post', slug: 'baobab-post' }],
    });
    expect(article.derived.sort()).toEqual(['/authors', '/language', '/publishedAt', '/slug', '/url']);
    const feed = (await (await t.app.request('http://localhost/feed.json')).json()) as {
      items: { url: string }[];
    };
    expect(feed.items.map((i) => i.url)).toContain(article.url);
  });

  it('accepts a summary instead of a body, and an author given by name only', async () => {
    const { status, article } = await post({
      title: 'Port traffic up',
      summary: 'Up 12%.',
      authors: [{ name: 'Aminata Diallo' }, { name: 'محمد' }],
    });
    expect(status).toBe(201);
    expect(article.authors).toEqual([
      { name: 'Aminata Diallo', slug: 'aminata-diallo' },
      { name: 'محمد', slug: expect.stringMatching(/^author-[0-9a-f]{8}$/) },
    ]);
    expect(article.derived).toContain('/authors/0/slug');
    expect(article.derived).toContain('/authors/1/slug');
    expect(article.derived).not.toContain('/authors');
  });

  it('still refuses what cannot be derived: no title (400 naming /title)', async () => {
    const res = await send('POST', '/api/articles', { contentHtml: '<p>x</p>' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('/title');
  });
});

describe('what the publisher gives always wins', () => {
  it('keeps a given slug, URL, language, date and author slug, and derives nothing', async () => {
    const given = {
      title: 'Given everything',
      contentHtml: '<p>x</p>',
      slug: 'my-own-slug',
      url: 'https://baobabpost.example/news/2026/my-own-slug.html',
      language: 'en',
      publishedAt: hoursAgo(3),
      authors: [{ name: 'Kwame Mensah', slug: 'kmensah' }],
    };
    const { article } = await post(given);
    expect(article).toMatchObject({ ...given, authors: given.authors });
    expect(article.derived).toEqual([]);
  });
});

describe('unique slugs', () => {
  it('gives one title posted twice two slugs and two URLs', async () => {
    const first = await post({ title: 'Budget vote', summary: 'One.' });
    const second = await post({ title: 'Budget vote', summary: 'Two.' });
    expect(first.article.slug).toBe('budget-vote');
    expect(second.article.slug).toBe('budget-vote-2');
    expect(second.article.url).toBe('https://baobabpost.example/budget-vote-2');
  });

  it('never hands one slug to two articles created at the same moment', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post({ title: 'Flash: coup attempt', summary: `Take ${i}.` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const slugs = results.map((r) => r.article.slug);
    expect(new Set(slugs).size).toBe(6);
    expect(slugs.sort()).toEqual(
      ['flash-coup-attempt', ...[2, 3, 4, 5, 6].map((n) => `flash-coup-attempt-${n}`)].sort(),
    );
  });

  it('steers a derived slug away from one a publisher gave', async () => {
    await post({ title: 'Anything', summary: 'x', slug: 'taken-by-hand' });
    const { article } = await post({ title: 'Taken by hand', summary: 'y' });
    expect(article.slug).toBe('taken-by-hand-2');
  });
});

describe('a correction (PUT) that leaves derived fields out', () => {
  it('keeps the stored slug, URL and date: a new title does not move the permalink', async () => {
    const { article } = await post({ title: 'First headline', summary: 'x' });
    t.setNow(new Date(NOW.getTime() + 3_600_000));
    const res = await send('PUT', `/api/articles/${article.id}`, { title: 'Better headline', summary: 'x' });
    t.setNow(NOW);
    expect(res.status).toBe(200);
    const corrected = (await res.json()) as Written;
    expect(corrected).toMatchObject({
      slug: article.slug,
      url: article.url,
      publishedAt: article.publishedAt,
      authors: article.authors,
    });
    expect(corrected.derived).toEqual([]);
  });

  it('dates a draft when it is first published, not when it was drafted', async () => {
    const { article } = await post({ title: 'Draft first', summary: 'x', status: 'draft' });
    const later = new Date(NOW.getTime() + 7_200_000);
    t.setNow(later);
    const res = await send('PUT', `/api/articles/${article.id}`, { title: 'Draft first', summary: 'x' });
    t.setNow(NOW);
    expect(((await res.json()) as Written).publishedAt).toBe(later.toISOString());
  });

  it('writes no slug claim when a replay changes nothing', async () => {
    const { article } = await post({ title: 'Replay me', summary: 'x' });
    const calls = recordCalls(t.client);
    const res = await send('PUT', `/api/articles/${article.id}`, { title: 'Replay me', summary: 'x' });
    expect(res.status).toBe(200);
    expect(calls.filter((c) => /Put|Update|Delete/.test(c.command))).toEqual([]);
  });
});

describe('ARTICLE_URL_TEMPLATE', () => {
  it('builds the URL from the template and the publication date', async () => {
    const app = await anApp([], { ARTICLE_URL_TEMPLATE: '{siteUrl}/{yyyy}/{mm}/{dd}/{slug}/' });
    try {
      const k = (await app.keys.createKey({ name: 'cms', scopes: ['articles:write'] })).key;
      const res = await app.app.request('http://localhost/api/articles', {
        method: 'POST',
        headers: { Authorization: `Bearer ${k}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'Rains arrive', summary: 'x', publishedAt: '2026-07-04T10:00:00Z' }),
      });
      expect(((await res.json()) as Written).url).toBe('https://baobabpost.example/2026/07/04/rains-arrive/');
    } finally {
      await app.close();
    }
  });

  it('refuses a template without {slug} or {id}, or one that gives no URL', async () => {
    const { loadConfig } = await import('../../lib/config');
    expect(() => loadConfig({ ARTICLE_URL_TEMPLATE: '{siteUrl}/news' })).toThrow(/\{slug\} or \{id\}/);
    expect(() => loadConfig({ ARTICLE_URL_TEMPLATE: '/news/{slug}' })).toThrow(/absolute http\(s\) URL/);
    expect(() => loadConfig({ ARTICLE_URL_TEMPLATE: '{siteUrl}/{category}/{slug}' })).toThrow(/may use only/);
  });
});
