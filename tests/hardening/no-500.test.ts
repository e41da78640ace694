import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../lib/feeds/feed-query';
import { anApp } from '../support/app';
import { anArticleInput, hoursAgo, NOW } from '../support/fixtures';

/** Inputs that once made the app answer 500: each is an empty feed or a 400 problem. */

type App = Awaited<ReturnType<typeof anApp>>;
let t: App;
let admin: string;
let partnerId: string;

beforeAll(async () => {
  t = await anApp([
    anArticleInput({ id: 'a', publishedAt: hoursAgo(1) }),
    anArticleInput({ id: 'b', publishedAt: hoursAgo(2) }),
  ]);
  admin = (await t.keys.createKey({ name: 'admin', scopes: ['keys:admin', 'articles:write'] })).key;
  partnerId = (await t.keys.createKey({ name: 'p', scopes: ['feeds:partner'] })).id;
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  t.app.request(`http://localhost${path}`, { headers });
const ids = async (path: string) => {
  const res = await get(path);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id.split(':').at(-1));
};

const FUTURE = new Date(NOW.getTime() + 86_400_000).toISOString();
const position = (at: string, id = 'x') => encodeCursor(`${new Date(at).toISOString()}#${id}`);

describe('feed queries with bounds that cross', () => {
  it.each([
    '/rss.xml',
    '/atom.xml',
    '/feed.json',
    '/categories/politics/rss.xml',
    '/tags/elections/feed.json',
  ])('%s?since= later than now is an empty feed', async (path) => {
    const res = await get(`${path}?since=${FUTURE}`);
    expect(res.status).toBe(200);
  });

  it('since in the future: no items', async () => {
    expect(await ids(`/feed.json?since=${FUTURE}`)).toEqual([]);
  });

  it('a before cursor from the future pages from the newest item', async () => {
    expect(await ids(`/feed.json?before=${position(FUTURE)}`)).toEqual(['a', 'b']);
  });

  it('an after cursor from the future has nothing newer', async () => {
    expect(await ids(`/feed.json?after=${position(FUTURE)}`)).toEqual([]);
  });

  it('a before cursor older than since has nothing older', async () => {
    expect(await ids(`/feed.json?since=${hoursAgo(3)}&before=${position(hoursAgo(5))}`)).toEqual([]);
  });

  it('an after cursor older than since starts at since', async () => {
    expect(await ids(`/feed.json?since=${hoursAgo(3)}&after=${position(hoursAgo(5))}`)).toEqual(['a', 'b']);
  });

  it('the embed page takes the same bounds', async () => {
    expect((await get(`/embed/site?limit=5`)).status).toBe(200);
  });
});

describe('partner usage', () => {
  it('from after to is a 400 naming from', async () => {
    const res = await get(`/api/partners/${partnerId}/usage?from=2026-11-20&to=2026-11-01`, {
      Authorization: `Bearer ${admin}`,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { errors: { parameter: string }[] };
    expect(problem.errors.map((e) => e.parameter)).toContain('from');
  });
});

describe('deeply nested JSON bodies', () => {
  const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it.each([
    ['PUT', '/api/articles/deep', deep(10_000)],
    ['PUT', '/api/articles/deep', `{"slug":"x","authors":${arrays(10_000)}}`],
    ['POST', '/api/articles', deep(10_000)],
    ['POST', '/api/keys', deep(10_000)],
  ])('%s %s nested 10,000 deep is a 400 problem', async (method, path, body) => {
    const res = await t.app.request(`http://localhost${path}`, {
      method,
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('query values that name Object.prototype members', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    '/embed/site?images=%s is a 400 naming images',
    async (value) => {
      const res = await get(`/embed/site?images=${value}`);
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { errors: { parameter: string }[] };
      expect(problem.errors.map((e) => e.parameter)).toEqual(['images']);
    },
  );
});

describe('a "__proto__" key in a JSON body', () => {
  it('is an unknown field, not a prototype that supplies fields', async () => {
    const { id: _id, title: _title, ...rest } = anArticleInput({ id: 'proto' });
    const body = `{"__proto__":{"title":"Smuggled"},${JSON.stringify({ ...rest, summary: 'bell\u0007' }).slice(1)}`;
    const res = await t.app.request('http://localhost/api/articles/proto', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toContain('/title');
  });
});

describe('a body over the limit', () => {
  it('is a 413 that announces Connection: close (the rest of the body is never read)', async () => {
    const res = await t.app.request('http://localhost/api/articles/big', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: `{"summary":"${'x'.repeat(300 * 1024)}"}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
  });
});
