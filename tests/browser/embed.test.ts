import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_VERSIONED_PATH } from '../../lib/http/embed-app';
import { launchChromium } from './chromium';
import type { ComputedStyle, DomElement, DomRoot } from './dom';
import { freePort, type HostSite, partnerPage, startHostSite } from './host-page';
import { placeholderPng } from './placeholder-image';
import { type RunningWirefeed, startWirefeed } from './wirefeed-server';

/**
 * The widget and the iframe page in a real browser (Debian's Chromium), embedded in a
 * partner's page served from another origin, against a running wirefeed with the sample
 * site. Screenshots land in tests/output/embed/ for a person to look at.
 */

// Globals of the page, for the callbacks that run in it (see ./dom.ts).
declare const document: DomRoot;
declare function getComputedStyle(element: DomElement): ComputedStyle;

const SCREENSHOTS = join(import.meta.dirname, '..', 'output', 'embed');

interface JsonFeedItem {
  url: string;
  title: string;
  date_published: string;
  language: string;
  image?: string;
  _wirefeed: { image?: { alt?: string }; tags: { slug: string }[] };
}

let browser: Browser;
let wirefeed: RunningWirefeed;
let host: HostSite;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  wirefeed = await startWirefeed(await freePort());
  host = await startHostSite();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await wirefeed?.close();
});

const feedItems = async (path: string) =>
  ((await (await fetch(`${wirefeed.url}${path}`)).json()) as { items: JsonFeedItem[] }).items;

/** In UTC, as the browser contexts below are. */
const longDate = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

const snippet = (attributes: string, fallback = '<a href="https://baobabpost.example/">Baobab Post</a>') =>
  `<wirefeed-headlines ${attributes}>${fallback}</wirefeed-headlines>
<script type="module" src="${wirefeed.url}/embed.js"></script>`;

interface Visit {
  page: Page;
  /** Console errors and uncaught exceptions, from every frame. */
  errors: { text: string; url: string }[];
  /** The widget's own warnings. */
  warnings: string[];
  /** Every http(s) URL the page requested. */
  requests: string[];
  close(): Promise<void>;
}

/** Opens `html` as a page of the partner's site, with the photos' host answered locally. */
async function visit(path: string, html: string, options: BrowserContextOptions = {}): Promise<Visit> {
  const context = await browser.newContext({
    viewport: { width: 640, height: 720 },
    timezoneId: 'UTC',
    locale: 'en-GB',
    colorScheme: 'light',
    ...options,
  });
  // The sample photos live on baobabpost.example, which does not resolve here: answer with a
  // placeholder so no request leaves the machine and the thumbnails have something to show.
  await context.route('https://baobabpost.example/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: placeholderPng(route.request().url()) }),
  );
  const page = await context.newPage();
  const visit: Visit = { page, errors: [], warnings: [], requests: [], close: () => context.close() };
  page.on('console', (message) => {
    if (message.type() === 'error') visit.errors.push({ text: message.text(), url: message.location().url });
    if (message.type() === 'warning' && message.text().startsWith('<wirefeed-headlines>')) {
      visit.warnings.push(message.text());
    }
  });
  page.on('pageerror', (error) => visit.errors.push({ text: String(error), url: '' }));
  page.on('request', (request) => {
    if (/^https?:/.test(request.url())) visit.requests.push(request.url());
  });
  await page.goto(host.page(path, html));
  return visit;
}

/** Waits until the widget shows `count` headlines. */
async function headlinesShown(page: Page, count: number, selector = 'wirefeed-headlines') {
  await page.waitForFunction(
    ({ selector, count }) =>
      document.querySelector(selector)?.shadowRoot?.querySelectorAll('li').length === count,
    { selector, count },
    { timeout: 10_000 },
  );
}

const widgetHeadlines = (page: Page, selector = 'wirefeed-headlines') =>
  page.evaluate(
    (selector) =>
      [...(document.querySelector(selector)?.shadowRoot?.querySelectorAll('li') ?? [])].map((li) => {
        const link = li.querySelector('a')!;
        const img = li.querySelector('img');
        return {
          lang: li.lang,
          title: link.textContent,
          href: link.href,
          date: li.querySelector('time')?.textContent,
          img: img && {
            alt: img.getAttribute('alt'),
            loading: img.loading,
            width: img.getAttribute('width'),
            height: img.getAttribute('height'),
          },
        };
      }),
    selector,
  );

const originsOf = (urls: string[]) => new Set(urls.map((u) => new URL(u).origin));

describe('the <wirefeed-headlines> widget on a partner page', () => {
  it('shows five headlines linking to the articles, dated in each article’s language', async () => {
    // Prepare
    const items = (await feedItems('/categories/politics/feed.json')).slice(0, 5);
    expect(items.some((i) => i.language === 'fr')).toBe(true);
    const feed = `${wirefeed.url}/categories/politics/feed.json`;
    // Act
    const v = await visit(
      '/politics',
      partnerPage('Partner news: politics', snippet(`feed="${feed}" limit="5"`)),
    );
    try {
      await headlinesShown(v.page, 5);
      // Assess: the feed's titles as text (one has & " < in it), each linking to its article.
      const shown = await widgetHeadlines(v.page);
      expect(shown.map((h) => [h.title, h.href])).toEqual(items.map((i) => [i.title, i.url]));
      expect(shown.map((h) => h.lang)).toEqual(items.map((i) => i.language));
      expect(shown.map((h) => h.date)).toEqual(items.map((i) => longDate(i.date_published, i.language)));
      const french = shown.filter((h) => h.lang === 'fr');
      expect(
        french.every((h) =>
          /\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/.test(
            h.date!,
          ),
        ),
      ).toBe(true);
      expect(shown.some((h) => h.img)).toBe(false);
      // The fallback link is not shown once the headlines are.
      expect(await v.page.getByRole('link', { name: 'Baobab Post', exact: true }).isVisible()).toBe(false);
      await v.page.screenshot({ path: join(SCREENSHOTS, 'widget-light.png'), fullPage: true });
      expect(v.errors).toEqual([]);
      expect(originsOf(v.requests)).toEqual(new Set([host.url, wirefeed.url]));
    } finally {
      await v.close();
    }
  });

  it('shows lazy thumbnails of fixed size with `images`, alt text from the feed, and keeps its styles to itself', async () => {
    const items = (await feedItems('/categories/politics/feed.json')).slice(0, 5);
    const feed = `${wirefeed.url}/categories/politics/feed.json`;
    const v = await visit(
      '/politics-images',
      partnerPage('Partner news: with pictures', snippet(`feed="${feed}" limit="5" images`)),
    );
    try {
      await headlinesShown(v.page, 5);
      const shown = await widgetHeadlines(v.page);
      expect(shown.map((h) => h.img?.alt ?? null)).toEqual(
        items.map((i) => (i.image ? (i._wirefeed.image?.alt ?? '') : null)),
      );
      for (const { img } of shown.filter((h) => h.img)) {
        expect(img).toMatchObject({ loading: 'lazy', width: '96', height: '64' });
      }
      // The partner's `a{color:hotpink}` and `img{border:5px solid red}` stop at the shadow root.
      const styles = await v.page.evaluate(() => {
        const root = document.querySelector('wirefeed-headlines')!.shadowRoot!;
        const a = getComputedStyle(root.querySelector('a')!);
        const img = getComputedStyle(root.querySelector('img')!);
        return { color: a.color, border: img.borderTopWidth, width: img.width, height: img.height };
      });
      expect(styles).toEqual({ color: 'rgb(11, 87, 208)', border: '0px', width: '96px', height: '64px' });
      // Images in view have loaded (from the placeholder route), so nothing shifts later.
      await v.page.waitForFunction(() =>
        [...document.querySelector('wirefeed-headlines')!.shadowRoot!.querySelectorAll('img')]
          .slice(0, 2)
          .every((img) => img.complete && img.naturalWidth > 0),
      );
      await v.page.screenshot({ path: join(SCREENSHOTS, 'widget-light-images.png'), fullPage: true });
      expect(v.errors).toEqual([]);
      // Only wirefeed and the photos' own host: no third party learns who reads the partner's page.
      expect(originsOf(v.requests)).toEqual(new Set([host.url, wirefeed.url, 'https://baobabpost.example']));
      expect(
        v.requests
          .filter((u) => u.startsWith('https://baobabpost.example/'))
          .every((u) => /\/media\//.test(u)),
      ).toBe(true);
    } finally {
      await v.close();
    }
  });

  it('follows theme="dark", theme="auto" and the custom properties and parts a partner sets', async () => {
    const feed = `${wirefeed.url}/categories/politics/feed.json`;
    const body = [
      snippet(`id="dark" feed="${feed}" limit="3" theme="dark" images`),
      `<wirefeed-headlines id="auto" feed="${feed}" limit="2" theme="auto"></wirefeed-headlines>`,
      `<wirefeed-headlines id="branded" feed="${feed}" limit="2"></wirefeed-headlines>`,
    ].join('\n<hr>\n');
    const style =
      '#branded{--wirefeed-accent:rgb(128, 0, 32);--wirefeed-font:14px/1.3 Georgia,serif}' +
      '#branded::part(date){text-transform:uppercase}';
    const v = await visit('/themes', partnerPage('Partner news: themes', body, style), {
      colorScheme: 'dark',
    });
    try {
      await headlinesShown(v.page, 3, '#dark');
      await headlinesShown(v.page, 2, '#auto');
      await headlinesShown(v.page, 2, '#branded');
      const looks = await v.page.evaluate(() =>
        ['#dark', '#auto', '#branded'].map((id) => {
          const el = document.querySelector(id)!;
          const link = el.shadowRoot!.querySelector('a')!;
          const time = el.shadowRoot!.querySelector('time')!;
          return {
            background: getComputedStyle(el).backgroundColor,
            link: getComputedStyle(link).color,
            font: getComputedStyle(link).fontFamily,
            date: getComputedStyle(time).textTransform,
          };
        }),
      );
      expect(looks[0]).toMatchObject({ background: 'rgb(32, 33, 36)', link: 'rgb(138, 180, 248)' });
      // `auto` follows prefers-color-scheme (dark in this context); no theme means light.
      expect(looks[1]).toMatchObject({ background: 'rgb(32, 33, 36)' });
      expect(looks[2]).toMatchObject({
        background: 'rgb(255, 255, 255)',
        link: 'rgb(128, 0, 32)',
        font: 'Georgia, serif',
        date: 'uppercase',
      });
      await v.page.waitForFunction(() =>
        [...document.querySelector('#dark')!.shadowRoot!.querySelectorAll('img')].every(
          (img) => img.complete,
        ),
      );
      await v.page.screenshot({ path: join(SCREENSHOTS, 'widget-dark-images.png'), fullPage: true });
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it('shows a visible focus ring on the links, reached with the keyboard', async () => {
    const feed = `${wirefeed.url}/categories/politics/feed.json`;
    const v = await visit(
      '/focus',
      partnerPage('Partner news: keyboard', snippet(`feed="${feed}" limit="3"`)),
    );
    try {
      await headlinesShown(v.page, 3);
      await v.page.keyboard.press('Tab');
      await v.page.keyboard.press('Tab');
      const focused = await v.page.evaluate(() => {
        const a = document.querySelector('wirefeed-headlines')!.shadowRoot!.activeElement!;
        const style = getComputedStyle(a);
        return {
          tag: a.tagName,
          index: [...a.getRootNode().querySelectorAll('a')].indexOf(a),
          outline: [style.outlineStyle, style.outlineWidth, style.outlineColor],
        };
      });
      // One tab stop per headline: the second Tab reaches the second link.
      expect(focused).toEqual({ tag: 'A', index: 1, outline: ['solid', '3px', 'rgb(11, 87, 208)'] });
      await v.page.screenshot({ path: join(SCREENSHOTS, 'widget-focus.png'), fullPage: true });
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it('re-renders when its feed or limit changes, and loads from the versioned URL too', async () => {
    const site = await feedItems('/feed.json');
    const tag = site[0]!._wirefeed.tags[0]!.slug;
    const tagged = (await feedItems(`/tags/${tag}/feed.json`)).slice(0, 5);
    expect(tagged.map((i) => i.url)).not.toEqual(site.slice(0, tagged.length).map((i) => i.url));
    const body = `<wirefeed-headlines feed="${wirefeed.url}/feed.json" limit="4"></wirefeed-headlines>
<script type="module" src="${wirefeed.url}${WIDGET_VERSIONED_PATH}"></script>`;
    const v = await visit('/changes', partnerPage('Partner news: changes', body));
    try {
      await headlinesShown(v.page, 4);
      await v.page.evaluate(() => document.querySelector('wirefeed-headlines')!.setAttribute('limit', '2'));
      await headlinesShown(v.page, 2);
      await v.page.evaluate(
        ({ feed }) => {
          const el = document.querySelector('wirefeed-headlines')!;
          el.setAttribute('feed', feed);
          el.setAttribute('limit', '5');
        },
        { feed: `${wirefeed.url}/tags/${tag}/feed.json` },
      );
      // Wait for the tag's headlines themselves: the count alone may already match the old feed's.
      await expect
        .poll(async () => (await widgetHeadlines(v.page)).map((h) => h.href), { timeout: 10_000 })
        .toEqual(tagged.map((i) => i.url));
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it('keeps the fallback content, quietly, when the feed cannot be loaded or read', async () => {
    // Prepare: a 404, a port nobody listens on, something that is not JSON, a javascript: URL, no feed.
    const missing = `${wirefeed.url}/categories/no-such-category/feed.json`;
    const unreachable = `http://127.0.0.1:${await freePort()}/feed.json`;
    const fallback = (n: number) =>
      `<p class="fallback">Fallback ${n}: <a href="https://baobabpost.example/">read Baobab Post</a></p>`;
    const body = [
      `<wirefeed-headlines feed="${missing}">${fallback(1)}</wirefeed-headlines>`,
      `<wirefeed-headlines feed="${unreachable}">${fallback(2)}</wirefeed-headlines>`,
      `<wirefeed-headlines feed="${wirefeed.url}/embed.js">${fallback(3)}</wirefeed-headlines>`,
      `<wirefeed-headlines feed="javascript:alert(1)">${fallback(4)}</wirefeed-headlines>`,
      `<wirefeed-headlines>${fallback(5)}</wirefeed-headlines>`,
      `<script type="module" src="${wirefeed.url}/embed.js"></script>`,
    ].join('\n');
    // Act
    const v = await visit('/fallback', partnerPage('Partner news: feed down', body));
    try {
      // Each widget gives up with one warning.
      await expect.poll(() => v.warnings.length, { timeout: 10_000 }).toBe(5);
      // Assess
      for (let n = 1; n <= 5; n++) {
        expect(await v.page.getByText(`Fallback ${n}:`).isVisible(), `fallback ${n}`).toBe(true);
      }
      const lists = await v.page.evaluate(() =>
        [...document.querySelectorAll('wirefeed-headlines')].map(
          (el) => el.shadowRoot!.querySelectorAll('li').length,
        ),
      );
      expect(lists).toEqual([0, 0, 0, 0, 0]);
      await v.page.screenshot({ path: join(SCREENSHOTS, 'widget-fallback.png'), fullPage: true });
      // The widget logs no error. Chromium itself reports each failed request on the console
      // ("Failed to load resource"); those two, for the URLs meant to fail, are all there is.
      const fromBrowser = (e: { text: string; url: string }) =>
        e.text.startsWith('Failed to load resource') && [missing, unreachable].includes(e.url);
      expect(v.errors.filter((e) => !fromBrowser(e))).toEqual([]);
      expect(
        v.errors
          .filter(fromBrowser)
          .map((e) => e.url)
          .sort(),
      ).toEqual([missing, unreachable].sort());
    } finally {
      await v.close();
    }
  });
});

describe('the iframe alternative on a partner page', () => {
  it('loads cross-origin, framed, with five linked headlines and lazy thumbnails, and nothing blocked', async () => {
    // Prepare
    const items = (await feedItems('/categories/politics/feed.json')).slice(0, 5);
    const src = `${wirefeed.url}/embed/categories/politics?limit=5&images=1`;
    const iframe = (theme: string) =>
      `<iframe src="${src}&theme=${theme}" title="Politics headlines from Baobab Post" width="560" height="470" ` +
      `style="border:0;display:block;margin-bottom:16px" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>`;
    // Act
    const v = await visit('/iframe', partnerPage('Partner news: iframe', iframe('light') + iframe('dark')));
    try {
      // Assess: frame-ancestors * lets another site frame it (a refused frame has no list).
      const frame = v.page.frameLocator('iframe').first();
      await expect.poll(() => frame.locator('li').count(), { timeout: 10_000 }).toBe(5);
      const shown = await frame.locator('li').evaluateAll((lis) =>
        lis.map((li) => {
          const a = li.querySelector('a')!;
          return {
            lang: li.lang,
            title: a.textContent,
            href: a.href,
            target: a.target,
            rel: a.rel,
            date: li.querySelector('time')!.textContent,
            loading: li.querySelector('img')?.loading,
          };
        }),
      );
      expect(shown).toEqual(
        items.map((i) => ({
          lang: i.language,
          title: i.title,
          href: i.url,
          target: '_blank',
          rel: 'noopener',
          date: longDate(i.date_published, i.language),
          loading: i.image ? 'lazy' : undefined,
        })),
      );
      // Its stylesheet applied (the CSP allows it by hash), in the dark one too.
      const backgrounds = await Promise.all(
        [0, 1].map((n) =>
          v.page
            .frameLocator('iframe')
            .nth(n)
            .locator('body')
            .evaluate((body) => getComputedStyle(body).backgroundColor),
        ),
      );
      expect(backgrounds).toEqual(['rgb(255, 255, 255)', 'rgb(32, 33, 36)']);
      // Both frames' thumbnails have arrived before the picture is taken.
      for (const n of [0, 1]) {
        const images = v.page.frameLocator('iframe').nth(n).locator('img');
        await expect
          .poll(() => images.evaluateAll((imgs) => imgs.every((img) => img.complete && img.naturalWidth > 0)))
          .toBe(true);
      }
      await v.page.screenshot({ path: join(SCREENSHOTS, 'iframe.png'), fullPage: true });
      // No "Refused to frame", no CSP violation, no script.
      expect(v.errors).toEqual([]);
      expect(originsOf(v.requests)).toEqual(new Set([host.url, wirefeed.url, 'https://baobabpost.example']));
    } finally {
      await v.close();
    }
  });
});
