import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { type LocalServer, startLocalServer } from '../../lib/local/server';
import { freePort } from '../browser/host-page';

/**
 * A real feed reader against `npm start`: Debian's newsboat fetches every format of the
 * site feed and a category feed, and its cache is read back with Python's sqlite3.
 */
const NEWSBOAT = '/usr/bin/newsboat';

let server: LocalServer;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'wirefeed-newsboat-'));

beforeAll(async () => {
  if (!existsSync(NEWSBOAT))
    throw new Error('newsboat is not installed: .ci/run installs it (apt-get install -y newsboat)');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startLocalServer(
    loadConfig({ PORT: String(port), PUBLIC_BASE_URL: base, WIREFEED_DATA_DIR: join(dir, 'data') }),
    {
      log: () => {},
    },
  );
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('newsboat', () => {
  it('reads every live article with its title, link, date and author, and nothing else', async () => {
    const urls = join(dir, 'urls');
    const cache = join(dir, 'cache.db');
    writeFileSync(
      urls,
      [`${base}/rss.xml`, `${base}/atom.xml`, `${base}/categories/politics/rss.xml`].join('\n'),
    );
    // Asynchronous: the server answering newsboat runs in this process.
    const newsboat = async (...args: string[]) =>
      (
        await promisify(execFile)(NEWSBOAT, ['-u', urls, '-c', cache, '-C', '/dev/null', ...args], {
          encoding: 'utf8',
          env: { ...process.env, HOME: dir },
        })
      ).stdout;
    await newsboat('-x', 'reload');
    expect((await newsboat('-x', 'print-unread')).trim()).toBe('15 unread articles');

    const rows = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          'import json,sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(json.dumps([dict(zip(["guid","title","url","author","date","feed"],r)) for r in c.execute("select guid,title,url,author,pubDate,feedurl from rss_item")]))',
          cache,
        ],
        { encoding: 'utf8' },
      ),
    ) as { guid: string; title: string; url: string; author: string; date: number; feed: string }[];
    expect(rows).toHaveLength(15);
    for (const row of rows) {
      expect(row.guid).toMatch(/^tag:baobabpost\.example,2026:article:bp-\d{4}$/);
      expect(row.title.length).toBeGreaterThan(10);
      expect(row.url).toMatch(/^https:\/\/baobabpost\.example\/news\//);
      expect(row.author).not.toBe('');
      expect(row.date).toBeGreaterThan(Date.parse('2026-01-01') / 1000);
    }
    expect(rows.map((r) => r.guid)).not.toContain('tag:baobabpost.example,2026:article:bp-draft');
    expect(rows.map((r) => r.guid)).not.toContain('tag:baobabpost.example,2026:article:bp-scheduled');
  });

  it('imports /feeds.opml and subscribes to every feed', async () => {
    const urls = join(dir, 'opml-urls');
    const opml = join(dir, 'feeds.opml');
    writeFileSync(urls, '');
    writeFileSync(opml, await (await fetch(`${base}/feeds.opml`)).text());
    await promisify(execFile)(
      NEWSBOAT,
      ['-u', urls, '-c', join(dir, 'opml-cache.db'), '-C', '/dev/null', '-i', opml],
      {
        env: { ...process.env, HOME: dir },
      },
    );
    const subscribed = readFileSync(urls, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')[0]);
    const index = await (await fetch(`${base}/`)).text();
    const rss = [...index.matchAll(/type="application\/rss\+xml" title="[^"]*" href="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(subscribed.sort()).toEqual(rss.sort());
    expect(subscribed.length).toBeGreaterThan(20);
  });
});
