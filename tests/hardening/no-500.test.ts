import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../lib/store/cursor';
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

/**
 * No input gets a 500, on any route: random paths (known segments, unicode, broken
 * escapes), query strings (repeated parameters, huge values, prototype names), the
 * validator and negotiation headers, and, authenticated or not, bodies for the write
 * routes. Every answer is below 500, and every 4xx is a problem document. A modest run
 * count keeps CI fast; `npm run fuzz` covers the renderers in depth.
 */
describe('every route, fuzzed', () => {
  const SEGMENTS = [
    '',
    'api',
    'articles',
    'keys',
    'partners',
    'usage',
    'sources',
    'stats',
    'websub',
    'subscriptions',
    'openapi.json',
    'categories',
    'tags',
    'authors',
    'politics',
    'elections',
    'aminata-diallo',
    'embed',
    'embed.js',
    'site',
    'v',
    'about',
    'json-feed-extension',
    'rss.xml',
    'atom.xml',
    'feed.json',
    'feeds.opml',
    'starter.opml',
    'a',
    'b',
    '__proto__',
    'constructor',
    '..',
    '%',
    '%zz',
    '%00',
    '%2F',
    '%C0%AF',
  ];
  const PARAMETERS = [
    'limit',
    'before',
    'after',
    'since',
    'token',
    'theme',
    'images',
    'from',
    'to',
    'days',
    'cursor',
    'status',
    '__proto__',
    'constructor',
    'toString',
  ];
  const unicode = fc.string({ unit: 'grapheme', maxLength: 20 });
  const headerText = fc.string({ maxLength: 60 }).filter((s) => /^[\x20-\x7e]*$/.test(s));
  const value = fc.oneof(
    unicode,
    fc.constantFrom('', '0', '-1', '1e9', 'NaN', '2026-11-25T00:00:00Z', '2999-01-01', 'yes', 'true'),
    fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
    fc.constant(position(FUTURE)),
  );
  const path = fc
    .array(fc.oneof(fc.constantFrom(...SEGMENTS), unicode.map(encodeURIComponent)), {
      minLength: 1,
      maxLength: 5,
    })
    .map((segments) => `/${segments.join('/')}`);
  const query = fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...PARAMETERS), unicode), value), { maxLength: 6 })
    .map((pairs) => {
      if (pairs.length === 0) return '';
      // Repeats stay repeated: the same name may come twice or more.
      return `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
    });
  const headers = fc.record(
    {
      'If-None-Match': fc.oneof(headerText, fc.constantFrom('*', 'W/"x"', '"a", "b"', '""')),
      'If-Modified-Since': fc.oneof(
        headerText,
        fc.constantFrom('Tue, 01 Dec 2999 00:00:00 GMT', 'yesterday'),
      ),
      'Accept-Encoding': fc.oneof(
        headerText,
        fc.constantFrom('br', 'gzip;q=0', '*', 'identity;q=0', 'br, gzip'),
      ),
      Accept: fc.oneof(headerText, fc.constantFrom('text/html', 'application/json', '*/*;q=0')),
      'Sec-Fetch-Dest': fc.constantFrom('document', 'iframe', 'empty'),
      'X-Wirefeed-View': fc.constantFrom('page', 'feed', '__proto__'),
      'Content-Type': fc.constantFrom(
        'application/json',
        'text/plain',
        'application/json; charset=latin1',
        'x/y',
      ),
      Range: fc.constantFrom('bytes=0-10', 'bytes=9999999-', 'bytes=x'),
      Origin: fc.constantFrom('https://partner.example', 'null'),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.json({ maxDepth: 4 }),
    unicode,
    fc
      .record(
        { title: unicode, slug: unicode, summary: unicode, contentHtml: unicode, extra: fc.jsonValue() },
        {
          requiredKeys: [],
        },
      )
      .map((fields) => JSON.stringify({ ...anArticleInput({ id: 'fuzz' }), ...fields })),
    fc.record({ name: unicode, scopes: fc.array(unicode, { maxLength: 3 }) }).map((k) => JSON.stringify(k)),
  );
  /** Every route's template; `{}` is filled with a known name or random text. */
  const ROUTES = [
    '/',
    '/{}',
    '/{}/{}/{}',
    '/feeds.opml',
    '/starter.opml',
    '/about/json-feed-extension',
    '/embed.js',
    '/embed/site',
    '/embed/{}/{}',
    '/embed/v/{}',
    '/api/openapi.json',
    '/api/articles',
    '/api/articles/{}',
    '/api/keys',
    '/api/keys/{}',
    '/api/partners/{}/usage',
    '/api/sources',
    '/api/sources/{}',
    '/api/stats',
    '/api/websub/subscriptions',
  ];
  const filled = fc
    .tuple(
      fc.constantFrom(...ROUTES),
      fc.array(fc.oneof(fc.constantFrom(...SEGMENTS), unicode.map(encodeURIComponent)), {
        minLength: 3,
        maxLength: 3,
      }),
    )
    .map(([route, fills]) => {
      let i = 0;
      return route.replace(/\{\}/g, () => fills[i++] ?? '');
    });
  const request = fc.record({
    method: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('GET', 'PUT', 'POST') },
      { weight: 2, arbitrary: fc.constantFrom('HEAD', 'DELETE', 'PATCH', 'OPTIONS') },
    ),
    path: fc.oneof({ weight: 4, arbitrary: filled }, { weight: 1, arbitrary: path }),
    query,
    headers,
    auth: fc.constantFrom('admin', 'admin', 'none', 'garbage'),
    body,
  });

  it('answers below 500, and every 4xx is a problem document', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        // Following a source fetches its address: the fuzz does not go out to the network.
        fc.pre(!(r.method === 'POST' && r.path.startsWith('/api/sources')));
        const auth = { admin: `Bearer ${admin}`, none: undefined, garbage: 'Bearer wfk_x_y' }[r.auth];
        const res = await t.app.request(`http://localhost${r.path}${r.query}`, {
          method: r.method,
          headers: { ...r.headers, ...(auth ? { Authorization: auth } : {}) },
          body: ['POST', 'PUT', 'PATCH'].includes(r.method) ? r.body : undefined,
        });
        const where = `${r.method} ${r.path}${r.query.slice(0, 200)}`;
        expect(res.status, where).toBeLessThan(500);
        if (res.status >= 400 && r.method !== 'HEAD')
          expect(res.headers.get('content-type'), where).toMatch(/^application\/problem\+json/);
        await res.arrayBuffer();
      }),
      { numRuns: Number(process.env.NO_500_RUNS ?? 400) },
    );
  }, 120_000);
});
