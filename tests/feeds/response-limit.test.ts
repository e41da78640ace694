import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fitsResponse,
  largestFitting,
  RESPONSE_BODY_BUDGET,
  renderFitting,
} from '../../lib/feeds/response-limit';
import { anApp } from '../support/app';
import { anArticleInput, hoursAgo } from '../support/fixtures';
import { find, parseXml } from '../support/xml';

/** Lambda refuses a response payload (the JSON envelope, headers included) over this. */
const LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024;
const ARTICLES = 30;
/** ~180,000 characters of body each, with markup, quotes and ampersands that every format escapes. */
const bigBody = (i: number) =>
  `<p>${`Story ${i}: fish &amp; chips, "quoted" <b>bold</b> é — `.repeat(3_500)}</p>`;

type Page = { ids: string[]; next?: string };
const local = (href: string) => href.replace('https://feeds.baobabpost.example', '');

const FORMATS: Record<string, { path: string; read: (body: string) => Page }> = {
  rss: {
    path: '/rss.xml',
    read: (body) => {
      const channel = find(parseXml(body), 'channel')[0]!;
      return {
        ids: find(channel, 'item').map((item) => find(item, 'guid')[0]!.text),
        next: find(channel, 'atom:link').find((l) => l.attributes.rel === 'next')?.attributes.href,
      };
    },
  },
  atom: {
    path: '/atom.xml',
    read: (body) => {
      const feed = parseXml(body);
      return {
        ids: find(feed, 'entry').map((entry) => find(entry, 'id')[0]!.text),
        next: find(feed, 'link').find((l) => l.attributes.rel === 'next')?.attributes.href,
      };
    },
  },
  json: {
    path: '/feed.json',
    read: (body) => {
      const feed = JSON.parse(body) as { items: { id: string }[]; next_url?: string };
      return { ids: feed.items.map((item) => item.id), next: feed.next_url };
    },
  },
};

describe('a rendered feed fits a Lambda response', () => {
  let t: Awaited<ReturnType<typeof anApp>>;

  beforeAll(async () => {
    t = await anApp(
      Array.from({ length: ARTICLES }, (_, i) =>
        anArticleInput({ id: `big-${i}`, publishedAt: hoursAgo(i + 1), contentHtml: bigBody(i) }),
      ),
    );
  }, 300_000);
  afterAll(() => t.close());

  for (const [format, { path, read }] of Object.entries(FORMATS)) {
    it(`caps ${format} by bytes with fewer items, stays valid, and pages through every article`, async () => {
      // Act: page through the whole feed at 30 articles a page (~6 MB of bodies or more).
      const seen: string[] = [];
      const sizes: number[] = [];
      let url: string | undefined = `${path}?limit=${ARTICLES}`;
      while (url) {
        const res = await t.app.request(`http://localhost${url}`);
        expect(res.status).toBe(200);
        const body = await res.text();
        sizes.push(Buffer.byteLength(body));
        // Assess each page: within the budget, in every encoding Lambda could carry it.
        expect(fitsResponse(body)).toBe(true);
        expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(LAMBDA_PAYLOAD_LIMIT);
        const page = read(body);
        seen.push(...page.ids);
        url = page.next && local(page.next);
        expect(seen.length).toBeLessThanOrEqual(ARTICLES);
      }

      // The first page was cut short, and the next links lost and repeated nothing.
      expect(sizes.length).toBeGreaterThan(1);
      expect(sizes[0]).toBeGreaterThan(RESPONSE_BODY_BUDGET / 2);
      expect(seen).toHaveLength(ARTICLES);
      expect(new Set(seen).size).toBe(ARTICLES);
      expect(seen.every((id) => /big-\d+$/.test(id))).toBe(true);
    }, 300_000);
  }

  it('keeps a page whole when it fits', async () => {
    const res = await t.app.request('http://localhost/feed.json?limit=3');
    const feed = JSON.parse(await res.text()) as { items: unknown[]; next_url?: string };
    expect(feed.items).toHaveLength(3);
    expect(feed.next_url).toContain('before=');
  });
});

describe('the browser page of a feed fits a Lambda response', () => {
  // Every field the page shows, at its limit, in the character HTML escaping makes longest
  // ('"' → '&quot;'): about 60 KB of page per headline, 6 MB for a page of 100.
  const quotes = (n: number) => '"'.repeat(n);
  const worst = (i: number) =>
    anArticleInput({
      id: `w-${i}`,
      publishedAt: hoursAgo(i + 1),
      title: `${i} ${quotes(495)}`,
      summary: quotes(4_000),
      authors: Array.from({ length: 20 }, (_, a) => ({
        name: `${a} ${quotes(195)}`,
        slug: `author-${a}`,
      })),
      url: `https://baobabpost.example/${'a&'.repeat(1_000)}${i}`,
    });
  let t: Awaited<ReturnType<typeof anApp>>;

  beforeAll(async () => {
    t = await anApp(Array.from({ length: 100 }, (_, i) => worst(i)));
  }, 300_000);
  afterAll(() => t.close());

  it('keeps the newest headlines that fit when 100 of them would not', async () => {
    // Act: a browser opens the feed.
    const res = await t.app.request('http://localhost/rss.xml?limit=100', {
      headers: { 'Sec-Fetch-Dest': 'document', Accept: 'text/html' },
    });
    const page = await res.text();
    // Assess: within the budget in every encoding, and cut only by what did not fit.
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(fitsResponse(page)).toBe(true);
    const shown = page.match(/<li lang=/g)?.length ?? 0;
    expect(shown).toBeGreaterThan(50);
    expect(shown).toBeLessThan(100);
    expect(page).toContain(`>0 ${'&quot;'.repeat(495)}</a>`);
    expect(Buffer.byteLength(page)).toBeGreaterThan(RESPONSE_BODY_BUDGET * 0.7);
  });
});

describe('renderFitting', () => {
  it('renders once when the whole fits, else the most leading items that fit', () => {
    const calls: number[] = [];
    const render = (size: number) => (count: number) => {
      calls.push(count);
      return 'x'.repeat(count * size);
    };
    expect(renderFitting(10, render(1_000))).toHaveLength(10_000);
    expect(calls).toEqual([10]);
    // 400,000 raw bytes each: 9 of them fit (3.6 MB × 4/3 = 4.8 MB), 10 do not.
    expect(renderFitting(10, render(400_000))).toHaveLength(3_600_000);
  });
});

describe('largestFitting', () => {
  it('finds the most items that fit, never fewer than one', () => {
    expect(largestFitting(30, (n) => n <= 17)).toBe(17);
    expect(largestFitting(30, () => true)).toBe(30);
    expect(largestFitting(30, () => false)).toBe(1);
    expect(largestFitting(1, () => false)).toBe(1);
  });

  it('measures the JSON-escaped and base64 sizes, not only the raw bytes', () => {
    expect(fitsResponse('a'.repeat(3_700_000))).toBe(true);
    expect(fitsResponse('a'.repeat(3_760_000))).toBe(false);
    // 2.6 MB of quotes: raw × 4/3 fits, escaped as a JSON string it does not.
    expect(fitsResponse('"'.repeat(2_600_000))).toBe(false);
  });
});
