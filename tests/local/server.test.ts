import { mkdtempSync, rmSync } from 'node:fs';
import {
  type ClientRequest,
  get as httpGet,
  request as httpRequest,
  type IncomingHttpHeaders,
  type RequestOptions,
} from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parseFeed as parseWithRowanmanning } from '@rowanmanning/feed-parser';
import { parseFeed as parseWithFeedsmith } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../lib/config';
import { type LocalServer, startLocalServer } from '../../lib/local/server';
import { validateAtomDocuments } from '../support/atom-schema';
import { JsonFeed11 } from '../support/json-feed-schema';
import { rssProblems } from '../support/rss-rules';
import { assertWellFormedXml, parseXml } from '../support/xml';

/** What `npm start` does, end to end: embedded engine, table, seed, every feed served. */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const dataDir = mkdtempSync(join(tmpdir(), 'wirefeed-data-'));
let port: number;
let server: LocalServer;
const logs: string[] = [];

beforeAll(async () => {
  port = await freePort();
  server = await startLocalServer(loadConfig({ PORT: String(port), WIREFEED_DATA_DIR: dataDir }), {
    log: (line) => logs.push(line),
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

const fetchText = async (url: string) => {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return res.text();
};

describe('the local server on first start', () => {
  it('creates the table, seeds the sample articles and prints the feed URLs', () => {
    expect(logs.join('\n')).toMatch(/seeded \d+ sample articles/);
    expect(logs).toContain(`  Site feed:    http://localhost:${port}/rss.xml`);
    expect(logs.some((l) => l.includes(`http://localhost:${port}/categories/politics/rss.xml`))).toBe(true);
  });

  it('serves every feed, every scope and format, valid and without the draft or the scheduled article', async () => {
    const index = await fetchText(`http://localhost:${port}/`);
    const urls = [...index.matchAll(/<link rel="alternate" type="[^"]+" title="[^"]*" href="([^"]+)">/g)].map(
      (m) => m[1]!,
    );
    expect(urls.length).toBeGreaterThanOrEqual(3 * (1 + 3 + 2)); // site, ≥3 categories, ≥2 authors
    const atoms: Record<string, string> = {};
    for (const url of urls) {
      const body = await fetchText(url);
      expect(body).not.toMatch(/bp-draft|bp-scheduled/);
      if (url.endsWith('.json')) {
        const json = JSON.parse(body);
        expect(JsonFeed11.safeParse(json).error?.issues ?? [], url).toEqual([]);
        expect(json.items.length, url).toBeGreaterThan(0);
        continue;
      }
      assertWellFormedXml(body);
      if (url.endsWith('atom.xml')) atoms[url] = body;
      else expect(rssProblems(parseXml(body)), url).toEqual([]);
      expect(parseWithFeedsmith(body).format, url).toBe(url.endsWith('atom.xml') ? 'atom' : 'rss');
      // What a reader needs from every entry: title, link, date and author.
      for (const item of parseWithRowanmanning(body).items) {
        expect(
          [item.title, item.url, item.published, item.authors[0]?.name].every(Boolean),
          `${url} ${item.id}`,
        ).toBe(true);
      }
    }
    const results = validateAtomDocuments(atoms);
    for (const [url, result] of Object.entries(results)) expect(result.errors, url).toEqual([]);
  });

  it('gives readers categories, images with captions, and French articles tagged as French', async () => {
    const json = JSON.parse(await fetchText(`http://localhost:${port}/feed.json?limit=100`));
    const items = json.items as {
      language: string;
      image?: string;
      tags: string[];
      _wirefeed: { image?: { caption?: string }; source?: unknown };
    }[];
    expect(items.length).toBe(15);
    expect(items.filter((i) => i.language === 'fr').length).toBeGreaterThanOrEqual(4);
    expect(items.filter((i) => i.image && i._wirefeed.image?.caption).length).toBeGreaterThanOrEqual(10);
    expect(items.every((i) => i.tags.length > 0)).toBe(true);
    expect(items.filter((i) => i._wirefeed.source)).toHaveLength(1);
  });
});

describe('compression on the local server', () => {
  it('sends Brotli or gzip when asked, the same bytes decompressed, and still answers 304s', async () => {
    const url = `http://localhost:${port}/rss.xml?limit=50`;
    const plain = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
    const identity = Buffer.from(await plain.arrayBuffer());
    for (const [accept, encoding, decode] of [
      ['br;q=1.0, gzip;q=0.8', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      // node's fetch decodes bodies itself; ask with a raw request to see the wire.
      const res = await rawGet(url, { 'Accept-Encoding': accept });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toContain('Accept-Encoding');
      expect(decode(res.body).equals(identity)).toBe(true);
      expect(res.body.length).toBeLessThan(identity.length / 2);
      // Each encoding is its own representation: its own strong tag (RFC 9110 §8.8.3).
      expect(res.headers.etag).toMatch(new RegExp(`^"[^"]+-${encoding}"$`));
      expect(res.headers.etag).not.toBe(plain.headers.get('etag'));
      const again = await rawGet(url, {
        'Accept-Encoding': accept,
        'If-None-Match': String(res.headers.etag),
      });
      expect(again.status).toBe(304);
    }
  });
});

describe('clients that leave mid-request or mid-response', () => {
  const sendAndLeave = (url: string, options: RequestOptions, write: (req: ClientRequest) => void) =>
    new Promise<void>((done) => {
      const req = httpRequest(url, options);
      // The socket closes when the client leaves, as it does for a reader that gives up.
      req.on('error', () => {});
      req.on('close', () => done());
      write(req);
    });

  it('are not logged as unhandled errors, and the server keeps serving', async () => {
    // Prepare: a feed of several hundred KB, so that its answer arrives in many chunks.
    const key = logs.find((l) => l.startsWith('Admin API key: '))?.slice('Admin API key: '.length);
    const body = `<p>${'All the news that fits. '.repeat(8_000)}</p>`;
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`http://localhost:${port}/api/articles/long-read-${i}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
        body: JSON.stringify({
          slug: `long-read-${i}`,
          title: `Long read ${i}`,
          contentHtml: body,
          authors: [{ name: 'Desk', slug: 'desk' }],
          publishedAt: '2026-01-01T00:00:00Z',
          language: 'en',
          url: `https://news.example/long-read-${i}`,
        }),
      });
      expect(res.status).toBe(201);
    }
    // The server's log: the logger writes JSON lines to stdout and stderr.
    const written: string[] = [];
    const capture = [process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }),
    );
    try {
      // Act: leave after the first chunk of a large feed, in each encoding…
      for (const encoding of ['identity', 'gzip', 'br']) {
        await sendAndLeave(
          `http://localhost:${port}/rss.xml?limit=50`,
          { headers: { 'Accept-Encoding': encoding } },
          (req) => {
            req.on('response', (res) => res.once('data', () => req.destroy()));
            req.end();
          },
        );
      }
      // …and halfway through sending an article.
      await sendAndLeave(
        `http://localhost:${port}/api/articles/half-sent`,
        {
          method: 'PUT',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${key}`,
            'Content-Length': '100000',
          },
        },
        (req) => {
          // Gone once the first part is on the wire, 99 KB short of what it announced.
          req.write('{"title":"Half sent","contentHtml":"<p>', () => setTimeout(() => req.destroy(), 200));
        },
      );
      // The server has seen each socket close before it answers the next request.
      const after = await fetch(`http://localhost:${port}/rss.xml?limit=50`);

      // Assess
      expect(after.status).toBe(200);
      expect((await after.text()).length).toBeGreaterThan(body.length);
      expect(written.join('')).not.toContain('Unhandled error');
      const halfSent = await fetch(`http://localhost:${port}/api/articles/half-sent`, {
        headers: { Authorization: `Bearer ${key}` },
      });
      expect(halfSent.status).toBe(404);
    } finally {
      for (const spy of capture) spy.mockRestore();
    }
  });
});

describe('the local server on a later start', () => {
  it('keeps its data and does not seed again', async () => {
    const before = await fetchText(`http://localhost:${port}/feed.json`);
    await server.close();
    const again: string[] = [];
    server = await startLocalServer(loadConfig({ PORT: String(port), WIREFEED_DATA_DIR: dataDir }), {
      log: (l) => again.push(l),
    });
    expect(again.join('\n')).not.toMatch(/seeded/);
    expect(await fetchText(`http://localhost:${port}/feed.json`)).toBe(before);
  });
});

describe('a port already in use', () => {
  it('is reported as an error, not a crash', async () => {
    await expect(
      startLocalServer(loadConfig({ PORT: String(port), WIREFEED_DATA_DIR: join(dataDir, 'other') }), {
        log: () => {},
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
