import { afterAll, describe, expect, it } from 'vitest';
import { VIEW_HEADER, wantsPage } from '../../lib/http/view';
import { anApp } from '../support/app';
import { anArticleInput, hoursAgo } from '../support/fixtures';
import { liveScriptIn } from '../support/live-script';

/** Request headers as real clients send them for a top-level visit or a poll. */
const CLIENTS = {
  chrome: {
    'Sec-Fetch-Dest': 'document',
    'Sec-Fetch-Mode': 'navigate',
    Accept:
      'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
  },
  firefox: {
    'Sec-Fetch-Dest': 'document',
    Accept:
      'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/png,image/svg+xml,*/*;q=0.8',
  },
  newsboat: { Accept: '*/*' },
  curl: { Accept: '*/*' },
  feedly: { Accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8' },
  // A fetcher that copies a browser's Accept but is not a browser: no Sec-Fetch-Dest.
  browserLikeFetcher: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
  // A browser fetching the feed from script (the widget): not a document.
  widgetFetch: { 'Sec-Fetch-Dest': 'empty', Accept: '*/*' },
  // A browser visit whose Accept prefers the feed type (e.g. an extension asking for RSS).
  feedPreferringNavigation: { 'Sec-Fetch-Dest': 'document', Accept: 'application/rss+xml,text/html;q=0.5' },
} as const;

describe('wantsPage', () => {
  it.each([
    ['chrome', true],
    ['firefox', true],
    ['newsboat', false],
    ['curl', false],
    ['feedly', false],
    ['browserLikeFetcher', false],
    ['widgetFetch', false],
    ['feedPreferringNavigation', false],
  ] as const)('%s gets the page: %s', (client, expected) => {
    const h: Record<string, string> = CLIENTS[client];
    expect(wantsPage({ secFetchDest: h['Sec-Fetch-Dest'], accept: h.Accept })).toBe(expected);
  });

  it("trusts the CDN's decision when it sends one", () => {
    expect(wantsPage({ view: 'page' })).toBe(true);
    expect(wantsPage({ view: 'feed', ...{ secFetchDest: 'document', accept: 'text/html' } })).toBe(false);
  });
});

describe('a feed URL opened in a browser', () => {
  const tp = anApp([
    anArticleInput({
      id: 'one',
      title: 'Cocoa & "prices" < 5%',
      publishedAt: hoursAgo(1),
      categories: ['Économie'],
    }),
    anArticleInput({
      id: 'deux',
      title: 'Le port de Dakar',
      language: 'fr',
      publishedAt: hoursAgo(2),
      categories: ['Économie'],
    }),
  ]);
  afterAll(async () => (await tp).close());

  const get = async (path: string, headers: Record<string, string>) =>
    (await tp).app.request(`http://localhost${path}`, { headers });

  it('shows people a page: what a feed is, how to subscribe, the latest headlines', async () => {
    const res = await get('/categories/economie/rss.xml', CLIENTS.chrome);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).toContain('This is a web feed');
    expect(page).toContain('value="https://feeds.baobabpost.example/categories/economie/rss.xml"');
    expect(page).toContain(
      'https://feedly.com/i/subscription/feed/https%3A%2F%2Ffeeds.baobabpost.example%2Fcategories%2Feconomie%2Frss.xml',
    );
    expect(page).toContain('Cocoa &amp; &quot;prices&quot; &lt; 5%');
    expect(page).toContain('<li lang="fr">');
    // The page's own head and form field are expected; nothing that runs is.
    expect(liveScriptIn(page).filter((f) => !/^<(meta|link|style|input)>$/.test(f))).toEqual([]);
    expect(page).not.toMatch(/<script/i);
  });

  it.each([
    'newsboat',
    'curl',
    'feedly',
    'browserLikeFetcher',
    'widgetFetch',
    'feedPreferringNavigation',
  ] as const)('keeps giving %s the feed', async (client) => {
    const res = await get('/categories/economie/rss.xml', CLIENTS[client]);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
  });

  it('varies on what it reads, with separate validators for page and feed', async () => {
    const page = await get('/feed.json', CLIENTS.firefox);
    const feed = await get('/feed.json', CLIENTS.curl);
    for (const res of [page, feed])
      expect(res.headers.get('vary')).toBe(
        'X-Wirefeed-View, Sec-Fetch-Dest, Accept, Authorization, Accept-Encoding',
      );
    expect(page.headers.get('etag')).not.toBe(feed.headers.get('etag'));
    expect(
      (await get('/feed.json', { ...CLIENTS.firefox, 'If-None-Match': page.headers.get('etag')! })).status,
    ).toBe(304);
  });

  it(`follows ${VIEW_HEADER} from the CDN`, async () => {
    expect((await get('/atom.xml', { [VIEW_HEADER]: 'page' })).headers.get('content-type')).toMatch(
      /^text\/html/,
    );
    expect(
      (await get('/atom.xml', { ...CLIENTS.chrome, [VIEW_HEADER]: 'feed' })).headers.get('content-type'),
    ).toMatch(/atom/);
  });
});
