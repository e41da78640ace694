import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../lib/local/server';
import { runWirefeed } from '../cli/run-wirefeed';
import { createPartnerKey, POLITICS_FIRST_DAY, SITE_SECOND_DAY, startCountingServer } from './support';

/**
 * A known mix of requests through the local server, as real clients send them, adds up
 * to exactly the expected figures — through the same code that counts CloudFront's logs.
 */

const FEEDLY = (n: number) => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )`;
const INOREADER = 'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)';
const NETNEWSWIRE = 'NetNewsWire (RSS Reader; https://netnewswire.com/)';
const NEWSBOAT = 'newsboat/2.38.0 (Linux x86_64)';
const RSS2EMAIL = 'rss2email/3.14 (https://github.com/rss2email/rss2email)';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const CURL = 'curl/8.11.1';
const FEEDBIN = 'Feedbin feed-id:1697787 - 102 subscribers';
const THUNDERBIRD = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0';

describe('the local server counts its own feed requests', () => {
  let clock = new Date('2026-11-26T08:00:00Z');
  let running: Awaited<ReturnType<typeof startCountingServer>>;
  let server: LocalServer;
  let adminKey: string;
  let base: string;

  beforeAll(async () => {
    running = await startCountingServer(() => clock);
    ({ server, adminKey, base } = running);
  });
  afterAll(async () => running?.close());

  /** One request at `at`; returns the body bytes received and the ETag. */
  async function request(at: string, path: string, userAgent: string, init: RequestInit = {}) {
    clock = new Date(at);
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: { 'User-Agent': userAgent, 'Accept-Encoding': 'identity', ...(init.headers as object) },
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    return { status: res.status, bytes, etag: res.headers.get('ETag') ?? '' };
  }

  it('adds up a known mix exactly: reported subscribers not summed, readers distinct, errors and other paths not counted', async () => {
    const partner = await createPartnerKey(base, adminKey);

    const site: number[] = [];
    const feedly = await request('2026-11-26T08:00:00Z', '/rss.xml', FEEDLY(462));
    site.push(feedly.bytes);
    const revalidated = await request('2026-11-26T09:00:00Z', '/rss.xml', FEEDLY(465), {
      headers: { 'If-None-Match': feedly.etag },
    });
    expect(revalidated.status).toBe(304);
    site.push((await request('2026-11-26T07:00:00Z', '/rss.xml', FEEDLY(470))).bytes);
    site.push((await request('2026-11-26T08:10:00Z', '/rss.xml', INOREADER)).bytes);
    const nnw = await request('2026-11-26T08:20:00Z', '/rss.xml', NETNEWSWIRE);
    site.push(nnw.bytes);
    expect(
      (
        await request('2026-11-26T09:20:00Z', '/rss.xml', NETNEWSWIRE, {
          headers: { 'If-None-Match': nnw.etag },
        })
      ).status,
    ).toBe(304);
    site.push((await request('2026-11-26T08:21:00Z', '/rss.xml', NEWSBOAT)).bytes);
    site.push((await request('2026-11-26T08:30:00Z', '/rss.xml', RSS2EMAIL)).bytes);
    site.push((await request('2026-11-26T08:40:00Z', '/rss.xml', GOOGLEBOT)).bytes);
    expect((await request('2026-11-26T08:41:00Z', '/rss.xml', CURL, { method: 'HEAD' })).bytes).toBe(0);
    site.push((await request('2026-11-26T08:50:00Z', `/rss.xml?token=${partner.feedToken}`, CURL)).bytes);
    site.push(
      (
        await request('2026-11-26T09:50:00Z', '/rss.xml', CURL, {
          headers: { Authorization: `Bearer ${partner.key}` },
        })
      ).bytes,
    );
    // Not audience: a made-up token (401), an unknown feed (404), the OPML file, a preflight.
    expect(
      (await request('2026-11-26T08:55:00Z', `/rss.xml?token=wft_ffffffffffff_${'y'.repeat(43)}`, CURL))
        .status,
    ).toBe(401);
    expect((await request('2026-11-26T08:56:00Z', '/categories/nope/rss.xml', CURL)).status).toBe(404);
    expect((await request('2026-11-26T08:57:00Z', '/feeds.opml', NETNEWSWIRE)).status).toBe(200);
    await request('2026-11-26T08:58:00Z', '/rss.xml', THUNDERBIRD, {
      method: 'OPTIONS',
      headers: { Origin: 'https://partner.example', 'Access-Control-Request-Method': 'GET' },
    });
    const politics = [
      (await request('2026-11-26T08:00:00Z', '/categories/politics/atom.xml', FEEDBIN)).bytes,
      (await request('2026-11-26T08:05:00Z', '/categories/politics/atom.xml', THUNDERBIRD)).bytes,
    ];
    const nextDay = (await request('2026-11-27T00:30:00Z', '/rss.xml', FEEDLY(471))).bytes;
    await server.flushAudience();

    const res = await fetch(`${base}/api/stats?from=2026-11-26&to=2026-11-27`, {
      headers: { Authorization: `Bearer ${adminKey}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      from: '2026-11-26',
      to: '2026-11-27',
      days: [
        {
          day: '2026-11-26',
          feeds: [
            {
              feed: 'site/rss',
              requests: 12,
              ok: 10,
              notModified: 2,
              bytes: site.reduce((a, b) => a + b, 0),
              // Feedly's latest (465 at 09:00), Inoreader's 114, NetNewsWire and newsboat (one
              // address, two apps), one rss2email.
              subscribers: 465 + 114 + 2 + 1,
              aggregators: { Feedly: 465, Inoreader: 114 },
              readers: { reader: 2, newsletter: 1 },
              families: { aggregator: 4, reader: 3, newsletter: 1, crawler: 1, script: 1, partner: 2 },
              clients: {
                Feedly: 3,
                Inoreader: 1,
                NetNewsWire: 2,
                newsboat: 1,
                rss2email: 1,
                Googlebot: 1,
                curl: 1,
                partner: 2,
              },
              partners: { [partner.id]: 2 },
            },
            { ...POLITICS_FIRST_DAY, bytes: politics[0]! + politics[1]! },
          ],
        },
        {
          day: '2026-11-27',
          feeds: [{ ...SITE_SECOND_DAY, bytes: nextDay }],
        },
      ],
    });
    expect(site.every((b) => b > 1000)).toBe(true);
  });

  it('answers only admins, and names a bad parameter', async () => {
    expect((await fetch(`${base}/api/stats`)).status).toBe(401);
    const bad = await fetch(`${base}/api/stats?feed=nonsense&from=yesterday`, {
      headers: { Authorization: `Bearer ${adminKey}` },
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { parameter: string }[] };
    expect(problem.errors.map((e) => e.parameter).sort()).toEqual(['feed', 'from']);
  });

  it('wirefeed stats prints the figures as a table', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'wirefeed-stats-cli-'));
    try {
      const result = await runWirefeed(
        ['stats', '--from', '2026-11-26', '--to', '2026-11-27', '--feed', '/rss.xml'],
        { cwd, env: { WIREFEED_API_URL: `${base}/api`, WIREFEED_API_KEY: adminKey } },
      );
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(
        /^day\s+feed\s+subscribers\s+aggregators\s+readers\s+requests\s+200\s+304\s+bytes$/,
      );
      expect(lines).toHaveLength(4);
      expect(lines[2]).toMatch(/^2026-11-27\s+site\/rss\s+471\s+Feedly 471\s+0\s+1\s+1\s+0\s+\d+$/);
      expect(lines[3]).toMatch(
        /^2026-11-26\s+site\/rss\s+582\s+Feedly 465, Inoreader 114\s+3\s+12\s+10\s+2\s+\d+$/,
      );
      const refused = await runWirefeed(['stats', '--feed', 'nonsense'], {
        cwd,
        env: { WIREFEED_API_URL: `${base}/api`, WIREFEED_API_KEY: adminKey },
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('feed must be a feed like site/rss');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
