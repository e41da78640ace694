import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApp } from '../support/app';
import { recordCalls } from '../support/dynamo-calls';
import { anArticleInput, hoursAgo, NOW } from '../support/fixtures';

/**
 * What feed readers and newsletter tools see when they poll: validators per feed,
 * conditional requests (RFC 9110 §13), cache headers, paging (RFC 5005 §3) and since=.
 */

type App = Awaited<ReturnType<typeof anApp>>;
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

async function withApp(env: Record<string, string>, articles = 0) {
  const inputs = Array.from({ length: articles }, (_, i) =>
    anArticleInput({
      id: `p${String(i).padStart(3, '0')}`,
      publishedAt: hoursAgo(i + 1),
      categories: [i % 2 ? 'Health' : 'Politics'],
    }),
  );
  return anApp(inputs, env);
}

const get = (t: App, path: string, headers: Record<string, string> = {}, method = 'GET') =>
  Promise.resolve(t.app.request(`http://localhost${path}`, { method, headers }));

describe('conditional requests', () => {
  let t: App;
  beforeAll(async () => {
    t = await withApp({ FEED_HEAD_CACHE_MS: '0' }, 5);
  });
  afterAll(() => t.close());

  it('answers a reader that sends back what it got with a bodiless 304 repeating the caching headers', async () => {
    // Seconds after the last change: Last-Modified is exact (tests/http/last-modified.test.ts).
    t.setNow(new Date(NOW.getTime() + 5_000));
    const first = await get(t, '/rss.xml');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('vary')).toBe(
      'X-Wirefeed-View, Sec-Fetch-Dest, Accept, Authorization, Accept-Encoding',
    );
    expect(first.headers.get('cache-control')).toBe(
      'public, max-age=300, stale-while-revalidate=60, stale-if-error=86400',
    );

    for (const headers of <Record<string, string>[]>[
      { 'If-None-Match': etag },
      { 'If-None-Match': `W/${etag}` },
      { 'If-None-Match': `"other", ${etag}` },
      { 'If-None-Match': '*' },
      { 'If-Modified-Since': lastModified },
    ]) {
      const res = await get(t, '/rss.xml', headers);
      expect(res.status, JSON.stringify(headers)).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('last-modified')).toBe(lastModified);
      expect(res.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
      expect(res.headers.get('vary')).toBe(
        'X-Wirefeed-View, Sec-Fetch-Dest, Accept, Authorization, Accept-Encoding',
      );
    }
  });

  it('lets If-None-Match take precedence over If-Modified-Since', async () => {
    const first = await get(t, '/atom.xml');
    const res = await get(t, '/atom.xml', {
      'If-None-Match': '"stale"',
      'If-Modified-Since': first.headers.get('last-modified')!,
    });
    expect(res.status).toBe(200);
  });

  it('answers HEAD with the same validators, 304 included', async () => {
    const first = await get(t, '/feed.json');
    const head = await get(t, '/feed.json', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(first.headers.get('etag'));
    expect((await get(t, '/feed.json', { 'If-None-Match': first.headers.get('etag')! }, 'HEAD')).status).toBe(
      304,
    );
  });

  it('gives each format and each page its own validator', async () => {
    const etags = await Promise.all(
      ['/rss.xml', '/atom.xml', '/feed.json', '/rss.xml?limit=2', '/categories/politics/rss.xml'].map(
        async (p) => (await get(t, p)).headers.get('etag'),
      ),
    );
    expect(new Set(etags).size).toBe(5);
  });
});

describe('validators per feed', () => {
  let t: App;
  beforeAll(async () => {
    t = await withApp({ FEED_HEAD_CACHE_MS: '0' }, 4);
  });
  afterAll(() => t.close());

  const validators = async (path: string) => {
    const res = await get(t, path);
    return { etag: res.headers.get('etag')!, lastModified: Date.parse(res.headers.get('last-modified')!) };
  };

  it('move on publish, correction and delete in that feed, never backwards, and leave other feeds alone', async () => {
    const politics = '/categories/politics/rss.xml';
    const health = '/categories/health/rss.xml';
    // Validators are read seconds after each change, when Last-Modified is exact (tests/http/last-modified.test.ts).
    const settled = (at: Date) => t.setNow(new Date(at.getTime() + 5_000));
    settled(NOW);
    let before = { politics: await validators(politics), health: await validators(health) };
    const steps: [string, () => Promise<unknown>][] = [
      [
        'publish',
        () =>
          t.publishing.publishArticle(
            anArticleInput({ id: 'new', categories: ['Politics'], publishedAt: hoursAgo(0.5, minutes(1)) }),
          ),
      ],
      [
        'correct',
        () =>
          t.publishing.putArticle('new', {
            ...anArticleInput({
              id: 'new',
              categories: ['Politics'],
              publishedAt: hoursAgo(0.5, minutes(1)),
            }),
            id: undefined,
            title: 'Corrected',
          }),
      ],
      ['delete', () => t.publishing.deleteArticle('new')],
    ];
    for (const [i, [name, step]] of steps.entries()) {
      t.setNow(minutes(i + 1));
      await step();
      settled(minutes(i + 1));
      const after = { politics: await validators(politics), health: await validators(health) };
      expect(after.politics.etag, name).not.toBe(before.politics.etag);
      expect(after.politics.lastModified, name).toBeGreaterThan(before.politics.lastModified);
      expect(after.health, name).toEqual(before.health);
      before = after;
    }
    t.setNow(NOW);
  });

  it('move when a scheduled article comes due, and no cache keeps the feed past that moment', async () => {
    t.setNow(NOW);
    // A feed with only a scheduled article does not exist yet (see tests/hardening/embargo.test.ts).
    await t.publishing.publishArticle(
      anArticleInput({
        id: 'culture-live',
        categories: ['Culture'],
        publishedAt: minutes(-60).toISOString(),
      }),
    );
    await t.publishing.publishArticle(
      anArticleInput({ id: 'sched', categories: ['Culture'], publishedAt: minutes(2).toISOString() }),
    );
    const early = await get(t, '/categories/culture/rss.xml');
    expect(early.headers.get('cache-control')).toBe('public, max-age=120, stale-if-error=86400');
    t.setNow(minutes(1));
    expect((await get(t, '/categories/culture/rss.xml')).headers.get('cache-control')).toBe(
      'public, max-age=60, stale-if-error=86400',
    );
    expect(
      (await get(t, '/categories/culture/rss.xml', { 'If-None-Match': early.headers.get('etag')! })).status,
    ).toBe(304);
    t.setNow(new Date(minutes(2).getTime() + 5_000));
    const due = await get(t, '/categories/culture/rss.xml', { 'If-None-Match': early.headers.get('etag')! });
    expect(due.status).toBe(200);
    expect(due.headers.get('last-modified')).toBe(minutes(2).toUTCString());
    expect(await due.text()).toContain('article:sched');
    t.setNow(NOW);
  });
});

describe('cheap by design: DynamoDB calls per request', () => {
  let t: App;
  beforeAll(async () => {
    t = await withApp({ FEED_HEAD_CACHE_MS: '0' }, 30);
  });
  afterAll(() => t.close());

  it('a 304 costs one small eventually-consistent GetItem; a warm 200 the same; a cold 200 adds one Query for the page', async () => {
    const calls = recordCalls(t.client);
    const cold = await get(t, '/categories/politics/atom.xml?limit=10');
    expect(calls.map((c) => c.command)).toEqual(['GetItemCommand', 'QueryCommand']);
    expect(calls[0]?.input.ConsistentRead).toBeUndefined();
    // One entry more than the page, to know whether a next page exists.
    expect(calls[1]?.input).toMatchObject({ Limit: 11, ScanIndexForward: false });
    calls.length = 0;

    expect((await get(t, '/categories/politics/atom.xml?limit=10')).status).toBe(200);
    expect(calls.map((c) => c.command)).toEqual(['GetItemCommand']);
    calls.length = 0;

    const notModified = await get(t, '/categories/politics/atom.xml?limit=10', {
      'If-None-Match': cold.headers.get('etag')!,
    });
    expect(notModified.status).toBe(304);
    expect(calls.map((c) => c.command)).toEqual(['GetItemCommand']);
  });

  it('keeps a feed head under 1 KB: the 304 read is half a read unit', async () => {
    const head = await t.store.getFeedHead({ kind: 'site' });
    expect(Buffer.byteLength(JSON.stringify(head))).toBeLessThan(1024);
  });

  it('serves repeated polls from the head cache without any DynamoDB call', async () => {
    const cached = await withApp({ FEED_HEAD_CACHE_MS: '1000' }, 3);
    try {
      const first = await get(cached, '/rss.xml');
      const calls = recordCalls(cached.client);
      for (let i = 0; i < 20; i++) {
        expect((await get(cached, '/rss.xml', { 'If-None-Match': first.headers.get('etag')! })).status).toBe(
          304,
        );
      }
      expect(calls).toEqual([]);
      // A write through this instance shows at once.
      await cached.publishing.publishArticle(anArticleInput({ id: 'fresh', publishedAt: hoursAgo(0) }));
      expect((await get(cached, '/rss.xml', { 'If-None-Match': first.headers.get('etag')! })).status).toBe(
        200,
      );
    } finally {
      await cached.close();
    }
  });
});

describe('paging (RFC 5005 §3) and since=', () => {
  let t: App;
  beforeAll(async () => {
    t = await withApp({ FEED_HEAD_CACHE_MS: '0' }, 23);
  });
  afterAll(() => t.close());

  const ids = (body: string, format: 'rss' | 'atom' | 'json') => {
    if (format === 'json')
      return (parseJsonFeed(body).items ?? []).map((i) => (i.id ?? '').split(':').at(-1)!);
    if (format === 'atom')
      return (parseAtomFeed(body).entries ?? []).map((e) => (e.id ?? '').split(':').at(-1)!);
    return (parseRssFeed(body).items ?? []).map((i) => (i.guid?.value ?? '').split(':').at(-1)!);
  };
  const links = (body: string, format: 'rss' | 'atom' | 'json') => {
    if (format === 'json') {
      const j = JSON.parse(body);
      return { next: j.next_url as string | undefined };
    }
    const all =
      format === 'atom' ? (parseAtomFeed(body).links ?? []) : (parseRssFeed(body).atom?.links ?? []);
    const rel = (r: string) => all.find((l) => l.rel === r)?.href;
    return { next: rel('next'), previous: rel('previous'), first: rel('first'), self: rel('self') };
  };
  const path = (url: string) => url.replace('https://feeds.baobabpost.example', '');

  for (const [format, file] of [
    ['rss', 'rss.xml'],
    ['atom', 'atom.xml'],
    ['json', 'feed.json'],
  ] as const) {
    it(`walks every page of the ${format} feed with next links, and while articles are published sees no duplicate and misses nothing`, async () => {
      const expected = Array.from({ length: 23 }, (_, i) => `p${String(i).padStart(3, '0')}`);
      const seen: string[] = [];
      let url: string | undefined = `/${file}?limit=5`;
      let published = 0;
      while (url) {
        const body = await (await get(t, url)).text();
        seen.push(...ids(body, format));
        url = links(body, format).next && path(links(body, format).next!);
        // A newsroom publishes between every two page fetches.
        await t.publishing.publishArticle(
          anArticleInput({ id: `${format}-live-${published++}`, publishedAt: NOW.toISOString() }),
        );
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => id.startsWith('p'))).toEqual(expected);
    });
  }

  it('links first and previous from a later page, and previous leads back to the newer items', async () => {
    const first = await (await get(t, '/atom.xml?limit=5')).text();
    const page2Url = links(first, 'atom').next!;
    const page2 = await (await get(t, path(page2Url))).text();
    const l = links(page2, 'atom');
    expect(l.self).toBe(page2Url);
    expect(l.first).toBe('https://feeds.baobabpost.example/atom.xml?limit=5');
    const back = await (await get(t, path(l.previous!))).text();
    expect(ids(back, 'atom')).toEqual(ids(first, 'atom'));
    const rss = await (await get(t, path(page2Url.replace('atom.xml', 'rss.xml')))).text();
    expect(links(rss, 'rss').previous).toBeDefined();
  });

  it.each(['before', 'after'])('rejects a %s cursor it did not give out', async (param) => {
    const res = await get(t, `/rss.xml?${param}=bogus`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { parameter: string }[] }).errors[0]?.parameter).toBe(param);
  });

  it('refuses a cursor that is not a position, or another spelling of its own, before any precondition', async () => {
    const first = await (await get(t, '/atom.xml?limit=5')).text();
    const next = new URL(links(first, 'atom').next!).searchParams.get('before')!;
    // The same bytes with the unused low bits of the last character set: Node would decode it alike.
    const alias = `${next.slice(0, -1)}${String.fromCharCode(next.charCodeAt(next.length - 1) + 1)}`;
    const notAPosition = Buffer.from('ARTICLE#p000').toString('base64url');
    for (const [cursor, headers] of [
      [alias, {}],
      [notAPosition, {}],
      [notAPosition, { 'If-None-Match': '*' }],
      [notAPosition, { 'If-Modified-Since': new Date(NOW.getTime() + 86_400_000).toUTCString() }],
    ] as const) {
      const res = await get(t, `/atom.xml?limit=5&before=${cursor}`, headers);
      expect(res.status, `${cursor} ${JSON.stringify(headers)}`).toBe(400);
      expect(((await res.json()) as { errors: { parameter: string }[] }).errors[0]?.parameter).toBe('before');
    }
  });

  for (const [format, file] of [
    ['rss', 'rss.xml'],
    ['atom', 'atom.xml'],
    ['json', 'feed.json'],
  ] as const) {
    it(`gives newsletter tools only what was published after since=, with limit, in ${format}`, async () => {
      const since = hoursAgo(4.5); // p000..p003 are 1–4 hours old
      const body = await (await get(t, `/${file}?since=${encodeURIComponent(since)}&limit=100`)).text();
      expect(ids(body, format).filter((id) => id.startsWith('p'))).toEqual(['p000', 'p001', 'p002', 'p003']);
      const limited = await (await get(t, `/${file}?since=${encodeURIComponent(since)}&limit=2`)).text();
      expect(ids(limited, format).length).toBe(2);
    });
  }

  it.each(['yesterday', '2026-13-01T00:00:00Z', '2026-11-26', ''])(
    'answers since=%s with a 400 problem',
    async (since) => {
      const res = await get(t, `/feed.json?since=${encodeURIComponent(since)}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(((await res.json()) as { errors: { parameter: string }[] }).errors[0]?.parameter).toBe('since');
    },
  );
});
