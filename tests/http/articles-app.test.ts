import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../lib/articles/article';
import { anApp } from '../support/app';
import { validateAtom } from '../support/atom-schema';
import { anArticle, anArticleInput, hoursAgo, NOW } from '../support/fixtures';
import { liveScriptIn } from '../support/live-script';
import { assertWellFormedXml, find, parseXml } from '../support/xml';

type App = Awaited<ReturnType<typeof anApp>>;
let t: App;
let admin: string;
let writer: string;
let reader: string;

beforeAll(async () => {
  t = await anApp();
  admin = (
    await t.keys.createKey({ name: 'admin', scopes: ['keys:admin', 'articles:write', 'articles:read'] })
  ).key;
  writer = (await t.keys.createKey({ name: 'cms', scopes: ['articles:write'] })).key;
  reader = (await t.keys.createKey({ name: 'editor', scopes: ['articles:read'] })).key;
});
afterAll(() => t.close());

const call = async (
  method: string,
  path: string,
  {
    key = writer,
    body,
    headers = {},
  }: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) =>
  t.app.request(`http://localhost${path}`, {
    method,
    headers: {
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

const feedIds = async (path = '/feed.json') => {
  const json = (await (await t.app.request(`http://localhost${path}?limit=100`)).json()) as {
    items: { id: string }[];
  };
  return json.items.map((i) => i.id.split(':').at(-1));
};

const { id: _omit, ...bodyOf } = anArticleInput({ id: 'unused' });
const articleBody = (overrides: Record<string, unknown> = {}) => ({
  ...bodyOf,
  slug: 'a-story',
  ...overrides,
});

describe('authentication and authorization, before any article data is touched', () => {
  const revokedKey = async () => {
    const k = await t.keys.createKey({ name: 'old', scopes: ['articles:write'] });
    await t.keys.revokeKey(k.id);
    return k.key;
  };

  it.each([
    ['no key', null, 401],
    ['a malformed key', 'not-a-key', 401],
    ['an unknown key', `wfk_0123456789ab_${'A'.repeat(43)}`, 401],
    ['a key with the wrong secret', () => `${writer.slice(0, 17)}${'B'.repeat(43)}`, 401],
    ['a revoked key', revokedKey, 401],
    ['a key without articles:write', () => reader, 403],
  ] as const)('refuses a write with %s (%i) and stores nothing', async (_name, key, status) => {
    const resolved = typeof key === 'function' ? await key() : key;
    const res = await call('PUT', '/api/articles/auth-probe', { key: resolved, body: articleBody() });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    if (status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer realm="wirefeed"');
    expect((await call('GET', '/api/articles/auth-probe', { key: reader })).status).toBe(404);
  });

  it('checks the key before looking at the body', async () => {
    const res = await call('POST', '/api/articles', {
      key: null,
      body: '{not json',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(res.status).toBe(401);
  });

  it('lets each scope do its job', async () => {
    expect((await call('PUT', '/api/articles/scoped', { key: writer, body: articleBody() })).status).toBe(
      201,
    );
    expect((await call('GET', '/api/articles/scoped', { key: writer })).status).toBe(403);
    expect((await call('GET', '/api/articles/scoped', { key: reader })).status).toBe(200);
    expect((await call('GET', '/api/keys', { key: writer })).status).toBe(403);
    expect((await call('GET', '/api/keys', { key: admin })).status).toBe(200);
  });
});

describe('validation: precise problems, and a rejected write changes nothing', () => {
  const cases: [string, () => Promise<Response>, number, string[]][] = [
    ['invalid JSON', () => call('POST', '/api/articles', { body: '{"title": ' }), 400, ['']],
    [
      'a wrong content type',
      () => call('POST', '/api/articles', { body: 'x', headers: { 'Content-Type': 'text/plain' } }),
      415,
      [],
    ],
    [
      'a body over 256 KB',
      () => call('POST', '/api/articles', { body: articleBody({ contentHtml: 'x'.repeat(300_000) }) }),
      413,
      [],
    ],
    [
      'an unknown field',
      () => call('POST', '/api/articles', { body: articleBody({ headline: 'x' }) }),
      400,
      ['/headline'],
    ],
    [
      'a date that is not RFC 3339',
      () => call('POST', '/api/articles', { body: articleBody({ publishedAt: 'yesterday' }) }),
      400,
      ['/publishedAt'],
    ],
    [
      'a non-http URL',
      () => call('POST', '/api/articles', { body: articleBody({ url: 'javascript:alert(1)' }) }),
      400,
      ['/url'],
    ],
    [
      'an image URL on ftp',
      () => call('POST', '/api/articles', { body: articleBody({ image: { url: 'ftp://x.example/i.jpg' } }) }),
      400,
      ['/image/url'],
    ],
    [
      'a title too long',
      () => call('POST', '/api/articles', { body: articleBody({ title: 't'.repeat(501) }) }),
      400,
      ['/title'],
    ],
    [
      'several bad fields at once',
      () =>
        call('POST', '/api/articles', { body: articleBody({ status: 'live', language: '!!', authors: [] }) }),
      400,
      ['/authors', '/language', '/status'],
    ],
    [
      'a body id that is not the URL id',
      () => call('PUT', '/api/articles/one-id', { body: { ...articleBody(), id: 'other' } }),
      400,
      ['/id'],
    ],
  ];

  it.each(cases)('answers %s with the right status and pointers', async (_name, send, status, pointers) => {
    const before = await feedIds();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const problem = (await res.json()) as { status: number; errors?: { pointer: string }[] };
    expect(problem.status).toBe(status);
    expect((problem.errors ?? []).map((e) => e.pointer).sort()).toEqual(pointers);
    expect(await feedIds()).toEqual(before);
  });
});

describe('publishing, correcting, scheduling and deleting', () => {
  it('creates with POST: 201, Location, ETag and the stored article', async () => {
    const res = await call('POST', '/api/articles', {
      body: articleBody({ slug: 'posted', title: 'Posted' }),
    });
    expect(res.status).toBe(201);
    const { derived, ...article } = (await res.json()) as {
      id: string;
      title: string;
      updatedAt: string;
      derived: string[];
    };
    expect(res.headers.get('location')).toBe(`https://feeds.baobabpost.example/api/articles/${article.id}`);
    expect(res.headers.get('etag')).toMatch(/^"[\w-]{22}"$/);
    expect(article).toMatchObject({ title: 'Posted', updatedAt: NOW.toISOString() });
    expect(derived).toEqual([]);
    const read = await call('GET', `/api/articles/${article.id}`, { key: reader });
    expect(await read.json()).toEqual(article);
    expect(read.headers.get('etag')).toBe(res.headers.get('etag'));
    expect(await feedIds()).toContain(article.id);
  });

  it('refuses a POST for an id that exists (409)', async () => {
    await call('PUT', '/api/articles/taken', { body: articleBody() });
    expect((await call('POST', '/api/articles', { body: { ...articleBody(), id: 'taken' } })).status).toBe(
      409,
    );
  });

  it('replaces with PUT, idempotently: a replay changes nothing, a correction keeps the id and moves updatedAt', async () => {
    const first = await call('PUT', '/api/articles/corr', { body: articleBody({ title: 'Original' }) });
    expect(first.status).toBe(201);
    t.setNow(new Date(NOW.getTime() + 60_000));
    // Read once the second of the change is over: Last-Modified is exact from then on.
    const lastModified = (await t.app.request('http://localhost/rss.xml')).headers.get('last-modified');
    try {
      const replay = await call('PUT', '/api/articles/corr', { body: articleBody({ title: 'Original' }) });
      expect(replay.status).toBe(200);
      expect(replay.headers.get('etag')).toBe(first.headers.get('etag'));
      expect((await t.app.request('http://localhost/rss.xml')).headers.get('last-modified')).toBe(
        lastModified,
      );

      const fix = await call('PUT', '/api/articles/corr', { body: articleBody({ title: 'Corrected' }) });
      expect(fix.status).toBe(200);
      expect(((await fix.json()) as { updatedAt: string }).updatedAt).toBe(
        new Date(NOW.getTime() + 60_000).toISOString(),
      );
      const entry = find(
        parseXml(await (await t.app.request('http://localhost/atom.xml')).text()),
        'entry',
      ).find((e) => find(e, 'id')[0]?.text === 'tag:baobabpost.example,2026:article:corr');
      expect(find(entry!, 'title')[0]?.text).toBe('Corrected');
    } finally {
      t.setNow(NOW);
    }
  });

  it('honours If-Match: 412 on a stale ETag, success on the current one', async () => {
    const created = await call('PUT', '/api/articles/im', { body: articleBody({ title: 'v1' }) });
    const v1 = created.headers.get('etag')!;
    const v2 = await call('PUT', '/api/articles/im', {
      body: articleBody({ title: 'v2' }),
      headers: { 'If-Match': v1 },
    });
    expect(v2.status).toBe(200);
    const stale = await call('PUT', '/api/articles/im', {
      body: articleBody({ title: 'v3' }),
      headers: { 'If-Match': v1 },
    });
    expect(stale.status).toBe(412);
    expect((await call('DELETE', '/api/articles/im', { headers: { 'If-Match': v1 } })).status).toBe(412);
    expect(
      (await call('PUT', '/api/articles/none', { body: articleBody(), headers: { 'If-Match': '*' } })).status,
    ).toBe(412);
    const read = (await (await call('GET', '/api/articles/im', { key: reader })).json()) as { title: string };
    expect(read.title).toBe('v2');
  });

  it('lets exactly one of several concurrent PUTs with the same If-Match win', async () => {
    const etag = (
      await call('PUT', '/api/articles/race', { body: articleBody({ title: 'base' }) })
    ).headers.get('etag')!;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call('PUT', '/api/articles/race', {
          body: articleBody({ title: `writer ${i}` }),
          headers: { 'If-Match': etag },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412]);
    const winner = results.findIndex((r) => r.status === 200);
    const stored = (await (await call('GET', '/api/articles/race', { key: reader })).json()) as {
      title: string;
    };
    expect(stored.title).toBe(`writer ${winner}`);
  });

  it('moves an article between feeds when its categories and tags change', async () => {
    await call('PUT', '/api/articles/mover', {
      body: articleBody({ categories: ['Sport'], tags: ['Football'] }),
    });
    expect(await feedIds('/categories/sport/feed.json')).toContain('mover');
    await call('PUT', '/api/articles/mover', {
      body: articleBody({ categories: ['Culture'], tags: ['Music'] }),
    });
    expect(await feedIds('/categories/sport/feed.json')).not.toContain('mover');
    expect(await feedIds('/tags/football/feed.json')).not.toContain('mover');
    expect(await feedIds('/categories/culture/feed.json')).toContain('mover');
    expect(await feedIds('/tags/music/feed.json')).toContain('mover');
  });

  it('keeps drafts out of every feed but lists them for editors', async () => {
    await call('PUT', '/api/articles/draft-1', { body: articleBody({ status: 'draft', title: 'Not yet' }) });
    const list = (await (await call('GET', '/api/articles?status=draft', { key: reader })).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((i) => i.id)).toContain('draft-1');
    for (const path of [
      '/feed.json',
      '/categories/politics/feed.json',
      '/tags/elections/feed.json',
      '/authors/aminata-diallo/feed.json',
    ]) {
      expect(await feedIds(path)).not.toContain('draft-1');
    }
    expect((await call('GET', '/api/articles?status=nope', { key: reader })).status).toBe(400);
  });

  it('pages through the editors listing with an opaque cursor', async () => {
    for (let i = 0; i < 3; i++)
      await call('PUT', `/api/articles/dr-${i}`, { body: articleBody({ status: 'draft' }) });
    const seen: string[] = [];
    let next: string | undefined = '/api/articles?status=draft&limit=2';
    while (next) {
      const page = (await (
        await call('GET', next.replace('https://feeds.baobabpost.example', ''), { key: reader })
      ).json()) as {
        items: { id: string }[];
        next?: string;
      };
      seen.push(...page.items.map((i) => i.id));
      next = page.next;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['dr-0', 'dr-1', 'dr-2', 'draft-1']));
    expect((await call('GET', '/api/articles?status=draft&cursor=bogus', { key: reader })).status).toBe(400);
  });

  it('stores a future article and shows it in feeds by itself when due', async () => {
    const due = new Date(NOW.getTime() + 2 * 3_600_000);
    await call('PUT', '/api/articles/later', { body: articleBody({ publishedAt: due.toISOString() }) });
    expect(await feedIds()).not.toContain('later');
    t.setNow(due);
    try {
      expect(await feedIds()).toContain('later');
    } finally {
      t.setNow(NOW);
    }
  });

  it('deletes: 204, gone from every feed, and the feed validator moves forward', async () => {
    await call('PUT', '/api/articles/doomed', { body: articleBody({ tags: ['Doomed'] }) });
    const before = (await t.app.request('http://localhost/tags/doomed/rss.xml')).headers.get(
      'last-modified',
    )!;
    t.setNow(new Date(NOW.getTime() + 120_000));
    try {
      expect((await call('DELETE', '/api/articles/doomed')).status).toBe(204);
      expect((await call('DELETE', '/api/articles/doomed')).status).toBe(404);
      expect(await feedIds('/tags/doomed/feed.json')).toEqual([]);
      expect(await feedIds()).not.toContain('doomed');
      const after = (await t.app.request('http://localhost/tags/doomed/rss.xml')).headers.get(
        'last-modified',
      )!;
      expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    } finally {
      t.setNow(NOW);
    }
  });
});

describe('hostile content, end to end', () => {
  it('is stored sanitized and every feed stays valid and script-free', async () => {
    const hostile = articleBody({
      slug: 'hostile',
      title: 'Evil ]]> <script>alert(1)</script> \u0001\uFFFE title',
      summary: '<img src=x onerror=alert(1)> & "quotes"',
      contentHtml:
        '<p onclick="x()">Body</p><script>alert(1)</script><a href="javascript:alert(1)">j</a><iframe src="https://evil.example"></iframe>]]>',
      tags: ['<b>Hostile</b>'], // kept as text; its slug is b-hostile-b
    });
    expect((await call('PUT', '/api/articles/hostile', { body: hostile })).status).toBe(201);
    const title = 'Evil ]]> <script>alert(1)</script> title';
    for (const path of ['/rss.xml', '/atom.xml', '/tags/b-hostile-b/rss.xml', '/tags/b-hostile-b/atom.xml']) {
      const xml = await (await t.app.request(`http://localhost${path}`)).text();
      assertWellFormedXml(xml);
      const entry = find(parseXml(xml), path.endsWith('atom.xml') ? 'entry' : 'channel/item').find((e) =>
        find(e, path.endsWith('atom.xml') ? 'id' : 'guid')[0]?.text.endsWith(':hostile'),
      )!;
      // Plain text stays the text that was sent, as text (docs/decisions.md); only HTML contexts are HTML.
      expect(find(entry, 'title')[0]?.text).toBe(title);
      const html = [
        ...find(entry, 'content:encoded'),
        ...find(entry, 'description'),
        ...find(entry, 'content').filter((c) => c.attributes.type === 'html'),
      ].map((n) => n.text);
      expect(html.length).toBeGreaterThan(0);
      for (const h of html) expect(liveScriptIn(h)).toEqual([]);
      if (path.endsWith('atom.xml')) expect(validateAtom(xml).errors).toEqual([]);
    }
    const json = (await (await t.app.request('http://localhost/feed.json?limit=100')).json()) as {
      items: { id: string; content_html?: string; title: string }[];
    };
    const item = json.items.find((i) => i.id.endsWith(':hostile'))!;
    expect(item.title).toBe(title);
    expect(liveScriptIn(item.content_html ?? '')).toEqual([]);
  });
});

describe('URL fields: stored normalized, refused when not a web link', () => {
  const SENT = 'HTTPS://News.EXAMPLE:443/2026/Café story?x=1#Top';
  const STORED = 'https://news.example/2026/Caf%C3%A9%20story?x=1#Top';
  /** Every URL field of an article, as a body with `link` in it, and where it is stored. */
  const fields: [string, (link: string) => Record<string, unknown>, (a: Article) => unknown][] = [
    ['/url', (link) => ({ url: link }), (a) => a.url],
    ['/image/url', (link) => ({ image: { url: link } }), (a) => a.image?.url],
    ['/authors/0/url', (link) => ({ authors: [{ name: 'Ama Owusu', url: link }] }), (a) => a.authors[0]?.url],
    ['/source/url', (link) => ({ source: { name: 'Wire', url: link } }), (a) => a.source?.url],
    [
      '/related/0/url',
      (link) => ({ related: [{ title: 'Background', url: link }] }),
      (a) => a.related[0]?.url,
    ],
  ];

  it.each(fields)('%s: stored as the WHATWG URL serialization', async (pointer, withLink, stored) => {
    const id = `url-ok${pointer.replace(/\W+/g, '-')}`;
    const res = await call('PUT', `/api/articles/${id}`, {
      body: articleBody({ slug: id, ...withLink(SENT) }),
    });

    expect(res.status).toBe(201);
    expect(stored((await res.json()) as Article)).toBe(STORED);
    const read = await call('GET', `/api/articles/${id}`, { key: reader });
    expect(stored((await read.json()) as Article)).toBe(STORED);
  });

  it('stores an international host as punycode and drops the default port', async () => {
    const res = await call('PUT', '/api/articles/url-idn', {
      body: articleBody({ slug: 'url-idn', url: 'http://Bücher.example:80/a' }),
    });

    expect(((await res.json()) as { url: string }).url).toBe('http://xn--bcher-kva.example/a');
  });

  const refused = [
    ['a relative URL', '/2026/story'],
    ['a scheme-relative URL', '//news.example/story'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['ftp:', 'ftp://news.example/story'],
    ['mailto:', 'mailto:desk@news.example'],
    ['a user name and password', 'https://editor:secret@news.example/story'],
    ['not a URL', 'https://news example/story'],
  ];
  const cases = fields.flatMap(([pointer, withLink]) =>
    refused.map(([what, link]) => [pointer, what, withLink(link as string)] as const),
  );

  it.each(cases)('%s: refuses %s with a problem naming the field', async (pointer, _what, body) => {
    const before = await feedIds();

    const res = await call('PUT', '/api/articles/url-refused', {
      body: articleBody({ slug: 'url-refused', ...body }),
    });

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const problem = (await res.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toEqual([pointer]);
    expect(await feedIds()).toEqual(before);
  });

  it('still serves articles stored with URLs as they were sent before this rule, as stored', async () => {
    // An article written before URLs were normalized: stored as sent.
    const legacy = anArticle({ id: 'url-legacy', slug: 'url-legacy' });
    await t.store.saveArticle(
      { ...legacy, url: SENT.replace(' story', '-story'), image: { url: SENT.replace(' ', '-') } },
      NOW,
    );

    for (const path of ['/rss.xml', '/atom.xml', '/feed.json']) {
      const res = await t.app.request(`http://localhost${path}?limit=100`);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      if (path !== '/feed.json') assertWellFormedXml(body);
      expect(body, path).toContain('HTTPS://News.EXAMPLE:443/2026/Café-story');
    }
  });
});

describe('API keys', () => {
  it('creates a key shown once, lists keys without secrets, and revokes', async () => {
    const res = await call('POST', '/api/keys', {
      key: admin,
      body: { name: 'importer', scopes: ['articles:write'] },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; key: string; scopes: string[] };
    expect(created.key).toMatch(/^wfk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const listing = await (await call('GET', '/api/keys', { key: admin })).text();
    expect(listing).toContain(created.id);
    expect(listing).not.toContain(created.key);
    expect(listing).not.toContain('hash');
    expect(
      (await call('PUT', '/api/articles/by-new-key', { key: created.key, body: articleBody() })).status,
    ).toBe(201);
    expect((await call('DELETE', `/api/keys/${created.id}`, { key: admin })).status).toBe(204);
    expect(
      (await call('PUT', '/api/articles/by-new-key', { key: created.key, body: articleBody() })).status,
    ).toBe(401);
    expect(
      (await call('POST', '/api/keys', { key: admin, body: { name: 'x', scopes: ['root'] } })).status,
    ).toBe(400);
  });
});

describe('store trouble', () => {
  it('answers 503 with Retry-After, never 500, when DynamoDB keeps throttling', async () => {
    t.client.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
          name: 'ThrottlingException',
        });
      },
      { step: 'initialize', name: 'alwaysThrottled' },
    );
    try {
      const write = await call('PUT', '/api/articles/throttled', { body: articleBody() });
      expect(write.status).toBe(503);
      expect(write.headers.get('retry-after')).toBe('1');
      const read = await t.app.request('http://localhost/rss.xml');
      expect(read.status).toBe(503);
    } finally {
      t.client.middlewareStack.remove('alwaysThrottled');
    }
  });
});

describe('the hours are pinned', () => {
  it('uses the fixtures clock', () => {
    expect(hoursAgo(0)).toBe(NOW.toISOString());
  });
});
