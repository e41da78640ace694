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

  /**
   * Imports an OPML served at `path` into a fresh newsboat, reloads every feed, and reads
   * back the subscriptions and, per article (guid), the feed newsboat shows it under.
   */
  const importOpml = async (path: string) => {
    const name = path.slice(1).replace(/\W/g, '-');
    const urls = join(dir, `${name}-urls`);
    const opml = join(dir, `${name}.opml`);
    const cache = join(dir, `${name}-cache.db`);
    writeFileSync(urls, '');
    writeFileSync(opml, await (await fetch(`${base}${path}`)).text());
    const run = (...args: string[]) =>
      promisify(execFile)(NEWSBOAT, ['-u', urls, '-c', cache, '-C', '/dev/null', ...args], {
        env: { ...process.env, HOME: dir },
      });
    await run('-i', opml);
    await run('-x', 'reload');
    const subscribed = readFileSync(urls, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')[0] ?? '');
    const shownUnder = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          'import json,sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(json.dumps(dict(c.execute("select guid,feedurl from rss_item"))))',
          cache,
        ],
        { encoding: 'utf8' },
      ),
    ) as Record<string, string>;
    return { subscribed, shownUnder };
  };

  /** Which feeds (RSS URLs) carry each article, by guid, as the server serves them. */
  const carriers = async (feedUrls: string[]) => {
    const carried = new Map<string, string[]>();
    for (const url of feedUrls) {
      const rss = await (await fetch(url)).text();
      for (const [, guid] of rss.matchAll(/<guid[^>]*>([^<]+)<\/guid>/g))
        carried.set(guid!, [...(carried.get(guid!) ?? []), url]);
    }
    return carried;
  };

  const indexRssLinks = async () => {
    const index = await (await fetch(`${base}/`)).text();
    return [...index.matchAll(/type="application\/rss\+xml" title="[^"]*" href="([^"]+)"/g)].map(
      (m) => m[1]!,
    );
  };

  it('imports /feeds.opml and subscribes to every feed', async () => {
    const { subscribed } = await importOpml('/feeds.opml');
    expect(subscribed.sort()).toEqual((await indexRssLinks()).sort());
    expect(subscribed.length).toBeGreaterThan(20);
  });

  it('imports the starter OPML the index page recommends: the site feed and the categories, each article under one of its own sections', async () => {
    const index = await (await fetch(`${base}/`)).text();
    expect(index).toContain(`href="${base}/starter.opml"`);
    const { subscribed, shownUnder } = await importOpml('/starter.opml');
    const sections = (await indexRssLinks()).filter(
      (url) => /\/rss\.xml$/.test(url) && !/\/(tags|authors)\//.test(url),
    );
    expect(subscribed.sort()).toEqual(sections.sort());

    // newsboat keys its cache by guid alone: an article carried by several subscribed feeds
    // shows under one of them (the last reloaded). From the starter list every article
    // shows, under a feed that carries it, and every category shows articles.
    const carried = await carriers(subscribed);
    expect(Object.keys(shownUnder).sort()).toEqual([...carried.keys()].sort());
    for (const [guid, feed] of Object.entries(shownUnder)) expect(carried.get(guid)).toContain(feed);
    for (const category of subscribed.filter((url) => url.includes('/categories/')))
      expect(Object.values(shownUnder)).toContain(category);

    // The full list has the collision the starter avoids: most of its feeds show nothing,
    // and articles land under whichever tag or author feed was reloaded last.
    const full = await importOpml('/feeds.opml');
    const shownFeeds = new Set(Object.values(full.shownUnder));
    expect(full.subscribed.length - shownFeeds.size).toBeGreaterThan(full.subscribed.length / 2);
    expect([...shownFeeds].some((url) => /\/(tags|authors)\//.test(url))).toBe(true);
  });
});
