import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importId } from '../../lib/cli/import/identity';
import { createFollowService } from '../../lib/sources/follow-service';
import type { Source } from '../../lib/sources/source';
import { DynamoSourceStore } from '../../lib/store/dynamo-source-store';
import { runWirefeed, startHttpServer } from '../cli/run-wirefeed';
import { anApp } from '../support/app';
import { recordCalls } from '../support/dynamo-calls';
import { NOW } from '../support/fixtures';

/** Following a feed: create, update, unchanged (nothing written), a failing source, the CLI. */

type App = Awaited<ReturnType<typeof anApp>>;
let t: App;
let key: string;

interface Item {
  guid: string;
  title: string;
}

/** A publisher's RSS feed that answers conditional requests, or fails on demand. */
const origin = {
  items: [] as Item[],
  failWith: 0,
  requests: [] as Array<{ ifNoneMatch?: string }>,
  rss() {
    const items = this.items
      .map(
        (i, n) => `<item><title>${i.title}</title><link>https://blog.example/${i.guid}</link>
<guid isPermaLink="false">${i.guid}</guid><description>Body of ${i.guid}</description>
<pubDate>${new Date(NOW.getTime() - (n + 1) * 3_600_000).toUTCString()}</pubDate>
<dc:creator>Halima Issoufou</dc:creator><category>Economy</category></item>`,
      )
      .join('\n');
    return `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Sahel Ledger</title><link>https://blog.example/</link><description>x</description><language>en</language>
${items}</channel></rss>`;
  },
};
let source: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
  t = await anApp();
  key = (await t.keys.createKey({ name: 'cms', scopes: ['articles:write', 'articles:read'] })).key;
  source = await startHttpServer((req, res) => {
    origin.requests.push({ ifNoneMatch: req.headers['if-none-match'] });
    if (origin.failWith) {
      res.writeHead(origin.failWith);
      return res.end('down');
    }
    const body = origin.rss();
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag });
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: etag });
    res.end(body);
  });
});
afterAll(async () => {
  await source?.close();
  await t?.close();
});

const api = (method: string, path: string, body?: unknown) =>
  t.app.request(`http://localhost${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const feedTitles = async () => {
  const json = (await (await t.app.request('http://localhost/feed.json?limit=100')).json()) as {
    items: { title: string }[];
  };
  return json.items.map((i) => i.title).sort();
};

const sources = async () => ((await (await api('GET', '/api/sources')).json()) as { items: Source[] }).items;

const poller = () =>
  createFollowService({
    sources: new DynamoSourceStore(t.client, t.config.tableName),
    publishing: t.publishing,
    now: () => currentNow,
  });
let currentNow = NOW;

/** Moves the clock past the source's next run and runs the due polls. */
async function pollAt(minutes: number) {
  currentNow = new Date(NOW.getTime() + minutes * 60_000);
  t.setNow(currentNow);
  return poller().runDue();
}

describe('following a feed', () => {
  it('refuses an interval under a minute and a URL that is not http(s), naming the field', async () => {
    const short = await api('POST', '/api/sources', { url: `${source.url}/feed`, every: '30s' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(await short.json())).toContain('/every');
    const bad = await api('POST', '/api/sources', { url: 'file:///etc/passwd' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('/url');
  });

  it.each([
    '/feed.xml',
    '//feeds.example/rss',
    'javascript:alert(1)',
    'data:application/rss+xml,<rss/>',
    'ftp://feeds.example/rss',
  ])('refuses %s as a source URL, naming /url', async (url) => {
    const res = await api('POST', '/api/sources', { url });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual([
      '/url',
    ]);
  });

  it('stores a source URL normalized: two spellings of one URL are one source', async () => {
    const first = await api('POST', '/api/sources', { url: 'HTTPS://Feeds.EXAMPLE:443/Wire Feed' });
    const again = await api('POST', '/api/sources', { url: 'https://feeds.example/Wire%20Feed' });

    expect(first.status).toBe(201);
    const stored = (await first.json()) as Source;
    expect(stored.url).toBe('https://feeds.example/Wire%20Feed');
    expect(again.status).toBe(200);
    expect(((await again.json()) as Source).id).toBe(stored.id);
    expect((await api('DELETE', `/api/sources/${stored.id}`)).status).toBe(204);
  });

  it('creates, updates, writes nothing when nothing changed, and keeps content through failures', async () => {
    origin.items = [
      { guid: 'a', title: 'Solar market doubles' },
      { guid: 'b', title: 'Grid outages' },
    ];
    const registered = await api('POST', '/api/sources', { url: `${source.url}/feed`, every: '15m' });
    expect(registered.status).toBe(201);
    const { id } = (await registered.json()) as Source;

    // create
    expect(await pollAt(0)).toEqual([{ id, ok: true }]);
    expect(await feedTitles()).toEqual(['Grid outages', 'Solar market doubles']);
    // the same article ids as `wirefeed import` gives these entries
    expect((await t.publishing.getArticle(importId('a'))).stored.article.title).toBe('Solar market doubles');
    expect((await sources())[0]).toMatchObject({
      lastCounts: { created: 2, updated: 0, unchanged: 0 },
      failures: 0,
      etag: expect.any(String),
      nextRunAt: new Date(NOW.getTime() + 15 * 60_000).toISOString(),
    });

    // not due yet: nothing is fetched
    const before = origin.requests.length;
    expect(await pollAt(5)).toEqual([]);
    expect(origin.requests.length).toBe(before);

    // update one, keep one
    origin.items[0] = { guid: 'a', title: 'Solar market triples' };
    expect(await pollAt(15)).toEqual([{ id, ok: true }]);
    expect(await feedTitles()).toEqual(['Grid outages', 'Solar market triples']);
    expect((await sources())[0]?.lastCounts).toMatchObject({ created: 0, updated: 1, unchanged: 1 });

    // unchanged: a conditional request, a 304, and no write but the source's own state
    const calls = recordCalls(t.client);
    expect(await pollAt(30)).toEqual([{ id, ok: true }]);
    expect(origin.requests.at(-1)?.ifNoneMatch).toMatch(/^"/);
    const writes = calls.filter((c) => /Put|Update|Delete/.test(c.command));
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((w) => (w.input.Key as { pk?: string } | undefined)?.pk === 'SOURCES')).toBe(true);

    // failing: last good content stays, the error is visible, the retry backs off
    origin.failWith = 503;
    expect(await pollAt(45)).toEqual([{ id, ok: false }]);
    expect(await feedTitles()).toEqual(['Grid outages', 'Solar market triples']);
    const failed = (await sources())[0]!;
    expect(failed).toMatchObject({ failures: 1, lastError: expect.stringContaining('503') });
    expect(failed.nextRunAt).toBe(new Date(NOW.getTime() + (45 + 15) * 60_000).toISOString());
    expect(await pollAt(60)).toEqual([{ id, ok: false }]);
    expect((await sources())[0]?.nextRunAt).toBe(new Date(NOW.getTime() + (60 + 30) * 60_000).toISOString());
    origin.failWith = 0;
    expect(await pollAt(90)).toEqual([{ id, ok: true }]);
    expect((await sources())[0]).toMatchObject({ failures: 0 });
    expect((await sources())[0]?.lastError).toBeUndefined();
    t.setNow(NOW);
  });

  it('unfollows with DELETE', async () => {
    const { id } = (await (
      await api('POST', '/api/sources', { url: `${source.url}/other` })
    ).json()) as Source;
    expect((await api('DELETE', `/api/sources/${id}`)).status).toBe(204);
    expect((await sources()).map((s) => s.id)).not.toContain(id);
    expect((await api('DELETE', `/api/sources/${id}`)).status).toBe(404);
  });
});

describe('following a WordPress site through its REST API', () => {
  it('takes categories, tags, authors and the featured image caption and credit; a post no longer published leaves the feeds', async () => {
    const posts = JSON.parse(
      readFileSync(new URL('../fixtures/sources/wp-posts.json', import.meta.url), 'utf8'),
    ) as Array<{ status: string }>;
    const wp = await startHttpServer((req, res) => {
      expect(req.url).toBe('/wp-json/wp/v2/posts?_embed');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(posts));
    });
    try {
      const res = await api('POST', '/api/sources', { url: `${wp.url}/wp-json/wp/v2/posts?_embed` });
      const { id } = (await res.json()) as Source;
      expect(await pollAt(200)).toContainEqual({ id, ok: true });
      // The id WordPress's RSS guid gives: the same article as `wirefeed import` of its RSS export.
      const { article } = (await t.publishing.getArticle(importId('https://sahelledger.example/?p=412')))
        .stored;
      expect(article).toMatchObject({
        title: 'Niamey’s solar market doubles',
        slug: 'niamey-solar-market-doubles',
        url: 'https://sahelledger.example/2026/03/12/niamey-solar-market-doubles/',
        publishedAt: '2026-03-12T07:30:00.000Z',
        updatedAt: '2026-03-12T09:00:00.000Z',
        authors: [
          {
            name: 'Halima Issoufou',
            slug: 'halima-issoufou',
            url: 'https://sahelledger.example/author/halima/',
          },
        ],
        categories: ['Economy', 'Energy'],
        tags: ['Niger', 'Solar'],
        image: {
          url: 'https://sahelledger.example/wp-content/uploads/2026/03/katako-solar.jpg',
          caption: 'Panels for sale at Katako market.',
          credit: 'Moussa Garba',
          alt: 'Solar panels stacked at a market stall',
        },
      });
      expect(article.contentHtml).toContain(
        'href="https://sahelledger.example/2026/02/20/grid-outages-niamey/"',
      );
      expect(article.contentHtml).not.toContain('<script');
      expect(await feedTitles()).toContain('A story later withdrawn');

      posts[1]!.status = 'trash';
      expect(await pollAt(230)).toContainEqual({ id, ok: true });
      expect(await feedTitles()).not.toContain('A story later withdrawn');
      expect(await feedTitles()).toContain('Niamey’s solar market doubles');
      expect((await sources()).find((s) => s.id === id)?.lastCounts).toMatchObject({
        removed: 1,
        unchanged: 1,
      });
      // Trashed stays trashed: nothing more to remove, nothing written for it.
      expect(await pollAt(260)).toContainEqual({ id, ok: true });
      expect((await sources()).find((s) => s.id === id)?.lastCounts).toMatchObject({ removed: 0 });
    } finally {
      await wp.close();
      t.setNow(NOW);
    }
  });
});

describe('wirefeed follow', () => {
  it("registers through the API given the site's base URL, and refuses a URL that is not wirefeed", async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cwd = mkdtempSync(join(tmpdir(), 'wirefeed-follow-'));
    try {
      const run = await runWirefeed(['follow', `${source.url}/cli`, '--every', '1h'], {
        cwd,
        env: { WIREFEED_API_URL: site, WIREFEED_API_KEY: key },
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(
        /^Following http:\/\/127\.0\.0\.1:\d+\/cli every 60 min \(source src-[0-9a-f]{16}\)/,
      );
      expect(run.code).toBe(0);
      expect((await sources()).find((s) => s.url === `${source.url}/cli`)?.everySeconds).toBe(3_600);

      const wrong = await runWirefeed(['follow', `${source.url}/cli`, '--api', source.url], {
        cwd,
        env: { WIREFEED_API_KEY: key },
      });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
      expect(wrong.stderr).toMatch(/does not answer like wirefeed's write API/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
