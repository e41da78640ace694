import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApp } from '../support/app';
import { anArticleInput } from '../support/fixtures';

/** The browser page of a partner's feed: private, never shared, and the token goes nowhere else. */
type App = Awaited<ReturnType<typeof anApp>>;
let t: App;
let partner: { id: string; key: string; feedToken?: string };
let revoked: { id: string; key: string; feedToken?: string };

const BROWSER = { 'Sec-Fetch-Dest': 'document', Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const get = (path: string, headers: Record<string, string> = {}) =>
  t.app.request(`http://localhost${path}`, { headers });

beforeAll(async () => {
  t = await anApp([anArticleInput({ id: 'one' })], { FEED_HEAD_CACHE_MS: '0' });
  const settings = { level: 'excerpt' as const, utm: { source: 'digest' } };
  partner = await t.keys.createKey({ name: 'p', scopes: ['feeds:partner'], partner: settings });
  revoked = await t.keys.createKey({ name: 'r', scopes: ['feeds:partner'], partner: settings });
  await t.keys.revokeKey(revoked.id);
});
afterAll(() => t.close());

describe('a ?token= feed opened in a browser', () => {
  it('is never stored by a shared cache, nor sends the token on as a referrer', async () => {
    const res = await get(`/rss.xml?token=${partner.feedToken}`, BROWSER);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const cacheControl = res.headers.get('cache-control') ?? '';
    expect(cacheControl).toMatch(/private/);
    expect(cacheControl).toMatch(/no-store/);
    expect(cacheControl).not.toMatch(/public/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('puts the token in no link to another site', async () => {
    const page = await (await get(`/rss.xml?token=${partner.feedToken}`, BROWSER)).text();
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
    const offsite = hrefs.filter((h) => !h.startsWith('https://feeds.baobabpost.example/'));
    expect(offsite.length).toBeGreaterThan(0);
    for (const href of offsite) expect(decodeURIComponent(href)).not.toContain(partner.feedToken);
    expect(page).not.toMatch(/feedly\.com|inoreader\.com|newsblur\.com|theoldreader\.com/);
  });

  it.each([
    ['a made-up token', 'wft_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a revoked token', () => revoked.feedToken ?? ''],
    ['garbage', 'x'],
  ])('with %s gets the same answer as the feed', async (_, token) => {
    const value = typeof token === 'function' ? token() : token;
    const page = await get(`/rss.xml?token=${encodeURIComponent(value)}`, BROWSER);
    const feed = await get(`/rss.xml?token=${encodeURIComponent(value)}`);
    expect(page.status).toBe(feed.status);
    expect(page.status).toBe(401);
    expect(await page.text()).toBe(await feed.text());
  });
});

describe('Vary', () => {
  it.each(['/rss.xml', '/atom.xml', '/feed.json'])(
    '%s names Authorization: the body depends on it',
    async (path) => {
      for (const headers of [{}, { Authorization: `Bearer ${partner.key}` }] as Record<string, string>[]) {
        const vary = (await get(path, headers)).headers.get('vary') ?? '';
        expect(vary.split(/,\s*/)).toContain('Authorization');
      }
    },
  );
});
