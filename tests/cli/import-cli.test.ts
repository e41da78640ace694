import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../lib/articles/article';
import { type FakeWriteApi, type FakeWriteApiOptions, startFakeWriteApi } from './fake-write-api';
import { runWirefeed, startHttpServer } from './run-wirefeed';

const KEY = 'test-key';
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

let cwd: string;
const servers: Array<{ close(): Promise<void> }> = [];

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'wirefeed-import-'));
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await rm(cwd, { recursive: true, force: true });
});

async function fakeApi(options: FakeWriteApiOptions = {}): Promise<FakeWriteApi> {
  const api = await startFakeWriteApi({ key: KEY, ...options });
  servers.push(api);
  return api;
}

/** `wirefeed import <source> --api <fake>`, the key from the environment, retries without waiting. */
const importFrom = (api: FakeWriteApi, source: string, ...extra: string[]) =>
  runWirefeed(['import', source, '--api', api.url, '--backoff-base-ms', '0', ...extra], {
    cwd,
    env: { WIREFEED_API_KEY: KEY },
  });

async function rejectsFile(name = 'wirefeed-rejects.ndjson') {
  const text = await readFile(join(cwd, name), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

function anArchive(count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const article: ArticleInput = {
      id: `story-${i}`,
      slug: `story-${i}`,
      title: `Story ${i}`,
      authors: [{ name: 'Desk', slug: 'desk' }],
      publishedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      language: 'en',
      url: `https://archive.example/news/story-${i}`,
    };
    return JSON.stringify(article);
  }).join('\n');
}

describe('wirefeed import, run as a child process against a fake write API', () => {
  it('imports a WordPress RSS export and writes the undated item to the rejects file, without a request', async () => {
    // Prepare
    const api = await fakeApi();

    // Act
    const result = await importFrom(api, fixture('wordpress.rss.xml'));

    // Assess
    expect(result.stdout).toBe('7 created, 0 updated, 1 rejected\n');
    expect(result.code).toBe(1);
    expect(api.articles.size).toBe(7);
    const [rejected, ...others] = await rejectsFile();
    expect(others).toEqual([]);
    expect(rejected).toMatchObject({
      entry: 'https://sahelledger.example/?p=4170',
      status: null,
      reasons: [{ pointer: '/publishedAt', detail: expect.stringContaining('no date') }],
      article: {
        url: 'https://sahelledger.example/2026/03/10/cotton-prices-draft/',
        title: expect.any(String),
      },
    });
    expect(api.attemptsFor(rejected.article.id)).toBe(0);
    const solar = [...api.articles.values()].find((a) => a.slug === 'niamey-solar-market-doubles');
    expect(solar?.contentHtml).toContain(
      'href="https://sahelledger.example/2026/02/20/grid-outages-niamey/"',
    );
  });

  it('creates nothing twice: a second import of the same file replaces every article', async () => {
    const api = await fakeApi();
    const first = await importFrom(api, fixture('wordpress.rss.xml'));
    const idsAfterFirst = [...api.articles.keys()].sort();

    const second = await importFrom(api, fixture('wordpress.rss.xml'));

    expect(first.stdout).toBe('7 created, 0 updated, 1 rejected\n');
    expect(second.stdout).toBe('0 created, 7 updated, 1 rejected\n');
    expect([...api.articles.keys()].sort()).toEqual(idsAfterFirst);
  });

  it.each([
    ['newsroom.atom.xml', '5 created, 0 updated, 1 rejected\n', '/url'],
    ['desk.feed.json', '5 created, 0 updated, 1 rejected\n', '/publishedAt'],
    ['archive.ndjson', '4 created, 0 updated, 2 rejected\n', undefined],
  ])('imports %s', async (name, summary, pointer) => {
    const api = await fakeApi();

    const result = await importFrom(api, fixture(name));

    expect(result.stdout).toBe(summary);
    expect(result.code).toBe(1);
    const rejects = await rejectsFile();
    if (pointer) expect(rejects.map((r) => r.reasons[0].pointer)).toEqual([pointer]);
  });

  it('keeps NDJSON ids and names rejected lines by their line number', async () => {
    const api = await fakeApi();

    await importFrom(api, fixture('archive.ndjson'));

    expect([...api.articles.keys()]).toEqual(
      expect.arrayContaining(['legacy-1001', 'legacy-1002', 'legacy-1006']),
    );
    const rejects = await rejectsFile();
    expect(rejects.map((r) => r.entry).sort()).toEqual([5, 6]);
    expect(rejects.find((r) => r.entry === 6)?.reasons).toEqual([
      { pointer: '/viewCount', detail: 'unknown field' },
    ]);
  });

  it('rejects bad NDJSON lines one by one, by line number, and imports every other line', async () => {
    // Prepare: 10 good lines with four bad ones among them.
    const api = await fakeApi();
    const lines = anArchive(10).split('\n');
    const deep = `{"id":"deep","title":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const tooLong = JSON.stringify({ id: 'huge', title: 'x'.repeat(1_100_000) });
    lines.splice(3, 0, deep, '{"id": "cut-off", "title":', '["an", "array"]');
    lines.splice(9, 0, tooLong);
    await writeFile(join(cwd, 'archive.ndjson'), `${lines.join('\n')}\n`);

    // Act
    const result = await importFrom(api, 'archive.ndjson');

    // Assess
    expect(result.stdout).toBe('10 created, 0 updated, 4 rejected\n');
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect([...api.articles.keys()].sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `story-${i}`).sort(),
    );
    const rejects = await rejectsFile();
    expect(rejects.map((r) => r.entry).sort((a, b) => a - b)).toEqual([4, 5, 6, 10]);
    const reason = (line: number) => rejects.find((r) => r.entry === line)?.reasons[0]?.detail;
    expect(reason(4)).toBe('nests deeper than 32 levels');
    expect(reason(5)).toMatch(/^not valid JSON: /);
    expect(reason(6)).toBe('not a JSON object');
    expect(reason(10)).toBe('longer than 1 MB');
  });

  it('retries 429, 503, 500 and dropped connections until every article has arrived exactly once', async () => {
    const faults: FakeWriteApiOptions['fault'] = (id, attempt) => {
      const n = Number(id.split('-')[1]);
      if (n % 4 === 0 && attempt === 1) return { status: 503, retryAfter: '0' };
      if (n % 4 === 1 && attempt <= 2) return { status: 429, retryAfter: '0' };
      if (n % 4 === 2 && attempt === 1) return 'reset';
      if (n % 4 === 3 && attempt === 1) return { status: 500 };
      return undefined;
    };
    const api = await fakeApi({ fault: faults });
    await writeFile(join(cwd, 'archive.ndjson'), anArchive(20));

    const result = await importFrom(api, 'archive.ndjson', '--concurrency', '3');

    expect(result.stdout).toBe('20 created, 0 updated, 0 rejected\n');
    expect(result.code).toBe(0);
    expect(api.articles.size).toBe(20);
    for (const id of api.articles.keys()) expect(api.successesFor(id)).toBe(1);
    expect(api.attemptsFor('story-1')).toBe(3);
    expect(existsSync(join(cwd, 'wirefeed-rejects.ndjson'))).toBe(false);
  });

  it('gives up after 6 attempts, never retries a 400, and reports both with the API reasons', async () => {
    const api = await fakeApi({
      fault: (id) =>
        id === 'story-0'
          ? { status: 503, retryAfter: '0' }
          : id === 'story-1'
            ? { status: 400, errors: [{ pointer: '/title', detail: 'too shouty' }] }
            : undefined,
    });
    await writeFile(join(cwd, 'archive.ndjson'), anArchive(3));

    const result = await importFrom(api, 'archive.ndjson', '--rejects', 'failed.ndjson');

    expect(result.stdout).toBe('1 created, 0 updated, 2 rejected\n');
    expect(result.code).toBe(1);
    expect(api.attemptsFor('story-0')).toBe(6);
    expect(api.attemptsFor('story-1')).toBe(1);
    const rejects = await rejectsFile('failed.ndjson');
    expect(rejects.find((r) => r.entry === 2)).toMatchObject({
      status: 400,
      reasons: [{ pointer: '/title', detail: 'too shouty' }],
      article: { id: 'story-1', title: 'Story 1' },
    });
    expect(rejects.find((r) => r.entry === 1)).toMatchObject({ status: 503, article: { id: 'story-0' } });
  });

  it('stops at the first 401: the key is wrong for every article (exit 2)', async () => {
    const api = await fakeApi({ key: 'another-key' });
    await writeFile(join(cwd, 'archive.ndjson'), anArchive(40));

    const result = await importFrom(api, 'archive.ndjson', '--concurrency', '2');

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refused the key \(401/);
    expect(api.requests.length).toBeLessThanOrEqual(2);
  });

  it("takes the site's base URL as well as its /api URL", async () => {
    const api = await fakeApi();
    await writeFile(join(cwd, 'archive.ndjson'), anArchive(3));
    const site = api.url.replace(/\/api$/, '');

    const result = await runWirefeed(['import', 'archive.ndjson'], {
      cwd,
      env: { WIREFEED_API_URL: `${site}/`, WIREFEED_API_KEY: KEY },
    });

    expect(result.stdout, result.stderr).toBe('3 created, 0 updated, 0 rejected\n');
    expect(result.code).toBe(0);
    expect([...api.articles.keys()].sort()).toEqual(['story-0', 'story-1', 'story-2']);
  });

  it.each([
    ['another path on the server (404)', (url: string) => `${url}/v2`, /answered 404/],
    ['a web site that is not wirefeed (200 HTML)', undefined, /answered 200 OK with text\/html, not JSON/],
  ])(
    'stops at the first request with one line and exit 2 against %s, never a rejects file',
    async (_, path, detail) => {
      const api = await fakeApi();
      const html = await startHttpServer((_req, res) => {
        html.requests++;
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>A blog</title>');
      }).then((server) => Object.assign(server, { requests: 0 }));
      servers.push(html);
      await writeFile(join(cwd, 'archive.ndjson'), anArchive(20));
      const target = path ? path(api.url) : html.url;

      const result = await runWirefeed(['import', 'archive.ndjson', '--api', target], {
        cwd,
        env: { WIREFEED_API_KEY: KEY },
      });

      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^wirefeed import: http:\/\/127\.0\.0\.1:\d+\/\S*api does not answer like wirefeed's write API/,
      );
      expect(lines[0]).toMatch(detail);
      expect(api.requests.length + html.requests).toBe(path ? 0 : 1);
      expect(existsSync(join(cwd, 'wirefeed-rejects.ndjson'))).toBe(false);
    },
  );

  it('reads a feed from an http URL', async () => {
    const api = await fakeApi();
    const rss = await readFile(fixture('wordpress.rss.xml'));
    const site = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
      res.end(rss);
    });
    servers.push(site);

    const result = await importFrom(api, `${site.url}/feed/`);

    expect(result.stdout).toBe('7 created, 0 updated, 1 rejected\n');
  });

  it('stops reading a URL source once it passes 20 MB, while it streams (exit 2)', async () => {
    // Prepare: an endless feed, sent as fast as the client reads, with no Content-Length.
    const api = await fakeApi();
    const chunk = Buffer.alloc(64 * 1024, '<!-- padding -->');
    let sent = 0;
    let cutOff = false;
    const site = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
      res.on('close', () => {
        cutOff = !res.writableFinished;
      });
      const pump = () => {
        while (!res.destroyed && sent < 1024 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    servers.push(site);

    // Act
    const result = await importFrom(api, `${site.url}/huge.xml`);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/larger than 20 MB/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    await expect.poll(() => cutOff).toBe(true);
    expect(sent).toBeLessThan(200 * 1024 * 1024);
    expect(api.requests).toEqual([]);
  });

  it.each(['ftp://feeds.example/rss.xml', 'file:///etc/passwd', 'javascript:alert(1)'])(
    'refuses %s: only files and http(s) URLs (exit 2)',
    async (source) => {
      const api = await fakeApi();

      const result = await importFrom(api, source);

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/cannot import from \w+: URLs; give a file path or an http\(s\) URL/);
      expect(api.requests).toEqual([]);
    },
  );

  it.each([
    [['import'], /give the file or URL to import/],
    [['import', 'feed.xml', '--colour'], /Unknown option '--colour'/],
    [['import', 'missing.xml', '--api', 'http://127.0.0.1:9/api'], /cannot read missing.xml: no such file/],
    [['import', 'notes.txt', '--api', 'http://127.0.0.1:9/api'], /unknown format/],
    [['import', 'notes.txt'], /no API URL: pass --api URL or set WIREFEED_API_URL/],
    [
      ['import', 'notes.txt', '--api', 'http://127.0.0.1:9/api', '--concurrency', '0'],
      /--concurrency must be/,
    ],
    [
      ['import', 'notes.txt', '--api', 'http://127.0.0.1:9/api', '--language', 'not a tag'],
      /--language must be/,
    ],
    [['publish', 'now'], /unknown command "publish"/],
  ])('exits 2 with one line on stderr: %j', async (args, message) => {
    await writeFile(join(cwd, 'notes.txt'), 'Shopping list: millet, shea butter.\n');

    const result = await runWirefeed(args, { cwd, env: { WIREFEED_API_KEY: KEY } });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('takes the API URL and key from the environment', async () => {
    const api = await fakeApi();

    const result = await runWirefeed(['import', fixture('desk.feed.json')], {
      cwd,
      env: { WIREFEED_API_URL: api.url, WIREFEED_API_KEY: KEY },
    });

    expect(result.stdout).toBe('5 created, 0 updated, 1 rejected\n');
  });

  it('prints its help', async () => {
    const top = await runWirefeed(['--help'], { cwd });
    const command = await runWirefeed(['import', '--help'], { cwd });

    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/import +import an RSS/);
    expect(command.code).toBe(0);
    expect(command.stdout).toMatch(/^Usage: wirefeed import <file-or-URL> \[options\]/);
    expect(command.stdout).not.toMatch(/backoff/);
  });
});
