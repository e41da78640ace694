import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../lib/local/server';
import { createPartnerKey, startCountingServer } from '../audience/support';
import { launchChromium } from './chromium';
import type { DomRoot } from './dom';

/**
 * The admin page in Debian's Chromium: sign in with an admin key through the form, see the
 * audience charts drawn by uPlot from our own origin, with no console error and no request
 * anywhere else, then sign out. Screenshots land in tests/output/admin/.
 */

declare const document: DomRoot;

const SCREENSHOTS = join(import.meta.dirname, '..', 'output', 'admin');
const FEEDLY = (n: number) => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )`;

let browser: Browser;
let running: Awaited<ReturnType<typeof startCountingServer>>;
let server: LocalServer;
let base: string;
let adminKey: string;
let clock = new Date('2026-11-24T08:00:00Z');

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  running = await startCountingServer(() => clock);
  ({ server, base, adminKey } = running);
  const partner = await createPartnerKey(base, adminKey);
  // Three days of a small audience growing.
  const get = (path: string, userAgent: string) =>
    fetch(`${base}${path}`, { headers: { 'User-Agent': userAgent } });
  for (const [day, feedly] of [
    ['2026-11-24', 400],
    ['2026-11-25', 430],
    ['2026-11-26', 465],
  ] as const) {
    clock = new Date(`${day}T08:00:00Z`);
    await get('/rss.xml', FEEDLY(feedly));
    await get('/rss.xml', 'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)');
    await get('/rss.xml', 'NetNewsWire (RSS Reader; https://netnewswire.com/)');
    await get('/categories/politics/atom.xml', 'Feedbin feed-id:1697787 - 102 subscribers');
    await get('/tags/dakar/feed.json', 'newsboat/2.38.0 (Linux x86_64)');
    await get(`/rss.xml?token=${partner.feedToken}`, 'curl/8.11.1');
    await get('/rss.xml', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
  }
  await server.flushAudience();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

/** A page that records console errors and every request to another origin. */
async function watchedPage(context: BrowserContext) {
  const page = await context.newPage();
  const errors: string[] = [];
  const elsewhere: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Headless Chromium probes /favicon.ico whatever icon the page links (ours is /admin/assets/icon.svg);
  // that probe is the browser's, not the page's.
  page.on(
    'console',
    (m) =>
      m.type() === 'error' &&
      !m.location().url.endsWith('/favicon.ico') &&
      errors.push(`${m.text()} ${m.location().url}`),
  );
  page.on('request', (r) => {
    if (new URL(r.url()).origin !== base) elsewhere.push(r.url());
  });
  return { page, errors, elsewhere };
}

async function signIn(page: Page, key: string) {
  await page.goto(`${base}/admin`);
  // With the keyboard: the key field, then Enter submits the form.
  await page.focus('#key');
  await page.keyboard.type(key);
  const posted = page.waitForResponse((r) => r.url() === `${base}/admin/sign-in`);
  await page.keyboard.press('Enter');
  await posted;
  await page.waitForLoadState('load');
}

describe('the admin page', () => {
  it('signs in with an admin key, shows the charts, and signs out', async () => {
    clock = new Date('2026-11-26T12:00:00Z');
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const { page, errors, elsewhere } = await watchedPage(context);
    try {
      await page.goto(`${base}/admin`);
      expect(await page.locator('h1').textContent()).toContain('audience');
      expect(await page.getAttribute('label[for="key"]', 'for')).toBe('key');
      await page.screenshot({ path: join(SCREENSHOTS, 'sign-in.png') });

      await signIn(page, adminKey);
      expect(page.url()).toBe(`${base}/admin`);
      expect(page.url()).not.toContain(adminKey);
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({
        name: 'wirefeed_admin',
        httpOnly: true,
        sameSite: 'Strict',
        path: '/admin',
      });
      expect(cookie!.value).not.toContain(adminKey);

      // Every chart is drawn (uPlot puts a canvas in it) and labelled for screen readers.
      await page.waitForSelector('#chart-partners canvas');
      for (const id of ['chart-subscribers', 'chart-families', 'chart-top', 'chart-partners']) {
        expect(await page.locator(`#${id} canvas`).count(), id).toBe(1);
        expect(await page.getAttribute(`#${id}`, 'aria-label'), id).toBeTruthy();
      }
      // The same figures in tables: the line's last day, the top feed, the partner by name.
      const topFeed = await page.locator('#top-title ~ table tbody tr').first().textContent();
      expect(topFeed).toContain('Whole site (RSS)');
      expect(topFeed).toContain(String(465 + 114 + 1));
      expect(await page.locator('#partners-title ~ table tbody').textContent()).toContain('Daily Digest');
      const legend = await page.locator('#chart-subscribers .u-legend').textContent();
      expect(legend).toContain('Whole site (RSS)');
      expect(await page.locator('#websub-title ~ table tbody').textContent()).toContain(
        'No active subscriptions',
      );
      // No script runs but ours: nothing inline.
      expect(
        await page.evaluate(() =>
          Array.from(document.querySelectorAll('script')).every(
            (s) =>
              (s as unknown as { src: string; type: string }).src !== '' ||
              (s as unknown as { type: string }).type === 'application/json',
          ),
        ),
      ).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });

      await Promise.all([page.waitForResponse(`${base}/admin/sign-out`), page.click('text=Sign out')]);
      await page.waitForSelector('#key');
      expect(await context.cookies()).toEqual([]);
      expect(errors).toEqual([]);
      expect(elsewhere).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses a wrong key on the page itself, and a signed-out cookie opens nothing', async () => {
    const context = await browser.newContext();
    const { page, errors } = await watchedPage(context);
    try {
      await signIn(page, 'wfk_000000000000_not-a-key');
      expect(await page.locator('#sign-in-error').textContent()).toContain('not a valid');
      await page.screenshot({ path: join(SCREENSHOTS, 'wrong-key.png') });
      // The browser logs the 401 of the form post as a console error; nothing else may show.
      expect(errors.filter((e) => !e.includes('401'))).toEqual([]);

      await signIn(page, adminKey);
      const [cookie] = await context.cookies();
      await Promise.all([page.waitForResponse(`${base}/admin/sign-out`), page.click('text=Sign out')]);
      const replayed = await fetch(`${base}/admin`, {
        headers: { Cookie: `wirefeed_admin=${cookie!.value}` },
      });
      expect(await replayed.text()).toContain('id="key"');
    } finally {
      await context.close();
    }
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await fetch(`${base}/admin/sign-in`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: adminKey }),
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
