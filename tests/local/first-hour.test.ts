import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../browser/host-page';
import { runWirefeed, startHttpServer } from '../cli/run-wirefeed';
import { startLocalProcess } from '../support/local-process';

/**
 * A publisher's first hour, as README tells it: `npm start -- --no-samples`, then
 * `npx wirefeed follow <their feed>` — and the site fills itself, from the local
 * server's own timer, with no import run by hand.
 */

const dirs: string[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

/** The publisher's existing site feed: three stories, one of them French wire copy. */
const SOURCE_RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Sahel Ledger</title><link>https://sahel-ledger.example/</link><description>News</description>
<item><title>Niamey opens its new bus station</title><link>https://sahel-ledger.example/bus-station</link>
<guid>https://sahel-ledger.example/?p=101</guid><pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate>
<dc:creator>Halima Issoufou</dc:creator><category>City</category>
<description>&lt;p&gt;The station serves forty routes.&lt;/p&gt;</description></item>
<item><title>Cotton prices climb</title><link>https://sahel-ledger.example/cotton</link>
<guid>https://sahel-ledger.example/?p=102</guid><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate>
<dc:creator>Moussa Diallo</dc:creator><category>Economy</category>
<description>&lt;p&gt;Growers expect a better season.&lt;/p&gt;</description></item>
<item><title>La saison des pluies se prolonge</title><link>https://sahel-ledger.example/pluies</link>
<guid>https://sahel-ledger.example/?p=103</guid><pubDate>Mon, 30 Nov 2026 07:00:00 GMT</pubDate>
<dc:creator>Awa Traoré</dc:creator><category>Économie</category>
<description>&lt;p&gt;Source : AllAfrica&lt;/p&gt;</description></item>
</channel></rss>`;

describe("a new publisher's first hour", () => {
  it('npm start -- --no-samples, then wirefeed follow: the local timer fills the site', {
    timeout: 120_000,
  }, async () => {
    const source = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
      res.end(SOURCE_RSS);
    });
    cleanups.push(() => source.close());
    const port = await freePort();
    const server = await startLocalProcess(['--no-samples'], {
      PORT: String(port),
      WIREFEED_DATA_DIR: tempDir('wirefeed-first-hour-'),
    });
    cleanups.push(() => server.kill());
    const site = `http://localhost:${port}`;
    const key = server.adminKey();
    expect(key, server.output()).toBeDefined();

    // The site's base URL, as a publisher would type it (no /api).
    const follow = await runWirefeed(['follow', `${source.url}/feed`, '--every', '15m'], {
      cwd: tempDir('wirefeed-first-hour-cwd-'),
      env: { WIREFEED_API_URL: site, WIREFEED_API_KEY: key as string },
    });
    expect(follow.stderr).toBe('');
    expect(follow.code).toBe(0);

    // Nothing else is run: the server's own timer polls the new source.
    let titles: string[] = [];
    for (let waited = 0; waited < 60_000 && titles.length < 3; waited += 500) {
      await new Promise((r) => setTimeout(r, 500));
      const feed = (await (await fetch(`${site}/feed.json`)).json()) as { items: { title: string }[] };
      titles = feed.items.map((i) => i.title);
    }
    expect(titles).toEqual([
      'Niamey opens its new bus station',
      'Cotton prices climb',
      'La saison des pluies se prolonge',
    ]);
    // The source's categories and authors became feeds of their own.
    expect((await fetch(`${site}/categories/economie/rss.xml`)).status).toBe(200);
    expect((await fetch(`${site}/authors/halima-issoufou/atom.xml`)).status).toBe(200);

    const sources = (await (
      await fetch(`${site}/api/sources`, { headers: { Authorization: `Bearer ${key}` } })
    ).json()) as { items: Array<{ url: string; lastSuccessAt?: string; lastCounts?: { created: number } }> };
    expect(sources.items).toHaveLength(1);
    expect(sources.items[0]?.lastSuccessAt).toBeDefined();
    expect(sources.items[0]?.lastCounts?.created).toBe(3);
  });
});
