import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import type { DomRoot } from './dom';
import { freePort } from './host-page';
import { placeholderPng } from './placeholder-image';
import { type RunningWirefeed, startWirefeed } from './wirefeed-server';

/**
 * A person opening a feed URL in Chromium sees a page about the feed; a feed reader
 * asking for the same URL gets the feed. Screenshots land in tests/output/feed-page/.
 */

declare const document: DomRoot;

const SCREENSHOTS = join(import.meta.dirname, '..', 'output', 'feed-page');

let browser: Browser;
let wirefeed: RunningWirefeed;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  wirefeed = await startWirefeed(await freePort());
});

afterAll(async () => {
  await browser?.close();
  await wirefeed?.close();
});

describe('a feed URL in a browser', () => {
  for (const [file, scheme] of [
    ['rss.xml', 'light'],
    ['categories/politics/atom.xml', 'dark'],
  ] as const) {
    it(`shows /${file} as a page that says how to subscribe (${scheme})`, async () => {
      const context = await browser.newContext({
        viewport: { width: 800, height: 1000 },
        colorScheme: scheme,
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
        route.fulfill({ status: 200, contentType: 'image/png', body: placeholderPng(route.request().url()) }),
      );
      try {
        const response = await page.goto(`${wirefeed.url}/${file}`);
        expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
        expect(await page.locator('h2').first().textContent()).toBe('This is a web feed');
        expect(await page.locator('#feed-url').inputValue()).toBe(`${wirefeed.url}/${file}`);
        const readers = await page.locator('.readers a').allTextContents();
        expect(readers).toEqual(['Feedly', 'Inoreader', 'NewsBlur', 'The Old Reader']);
        const headlines = await page.locator('ol li a').count();
        expect(headlines).toBeGreaterThan(0);
        // No script runs on the page at all: the CSP forbids it and there is none.
        expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(0);
        expect(errors).toEqual([]);
        await page.screenshot({
          path: join(SCREENSHOTS, `${file.replace(/\//g, '-')}-${scheme}.png`),
          fullPage: true,
        });
      } finally {
        await context.close();
      }
    });
  }

  it('still gives feed readers and curl the feed at the same URL', async () => {
    for (const accept of ['*/*', 'application/rss+xml, application/atom+xml;q=0.9']) {
      const res = await fetch(`${wirefeed.url}/rss.xml`, {
        headers: { Accept: accept, 'User-Agent': 'newsboat/2.36' },
      });
      expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
      expect(await res.text()).toMatch(/^<\?xml/);
    }
  });

  it('lets the page be found: the index lists every feed with autodiscovery links', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${wirefeed.url}/`);
      const alternates = await page.locator('link[rel="alternate"]').count();
      expect(alternates).toBeGreaterThanOrEqual(3 * 6);
      await page.screenshot({ path: join(SCREENSHOTS, 'index.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
