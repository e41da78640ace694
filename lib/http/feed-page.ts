import { html } from 'hono/html';
import { FEED_FORMATS, type Feed, type FeedFormat } from '../feeds/feed';
import { formatDate } from '../feeds/format-date';

/** One-click subscribe links of common web readers; each takes the feed URL as given. */
const READERS: { name: string; url: (feed: string) => string }[] = [
  { name: 'Feedly', url: (f) => `https://feedly.com/i/subscription/feed/${encodeURIComponent(f)}` },
  { name: 'Inoreader', url: (f) => `https://www.inoreader.com/?add_feed=${encodeURIComponent(f)}` },
  { name: 'NewsBlur', url: (f) => `https://www.newsblur.com/?url=${encodeURIComponent(f)}` },
  {
    name: 'The Old Reader',
    url: (f) => `https://theoldreader.com/feeds/subscribe?url=${encodeURIComponent(f)}`,
  },
];

/** The Content-Security-Policy of the page: no script at all, styles inline, images from anywhere. */
export const FEED_PAGE_CSP =
  "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * What a person sees when they open a feed URL in a browser: what the feed is, how to
 * follow it, and its latest headlines — rendered from the same model as the feed, with
 * no XSLT (Chromium shows feeds as text and is removing XSLT). `html` escapes every value.
 */
export function renderFeedPage(feed: Feed, format: FeedFormat, options: { private?: boolean } = {}) {
  const feedUrl = feed.pages.first[format];
  return html`<!doctype html>
<html lang="${feed.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${feed.title} (${FEED_FORMATS[format].label} feed)</title>
<link rel="alternate" type="application/rss+xml" title="${feed.title}" href="${feed.pages.first.rss}">
<link rel="alternate" type="application/atom+xml" title="${feed.title}" href="${feed.pages.first.atom}">
<link rel="alternate" type="application/feed+json" title="${feed.title}" href="${feed.pages.first.json}">
<style>
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#5b5b5b;--bg:#fff;--card:#f4f1ea;--accent:#8a3b12}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--muted:#aaa;--bg:#141414;--card:#222;--accent:#f0a070}}
body{font:17px/1.55 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1.5rem 1rem;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.about{background:var(--card);border-radius:.6rem;padding:1rem 1.2rem;margin:1rem 0 2rem}
.about h2{margin-top:0;font-size:1.1rem}
input{width:100%;box-sizing:border-box;font:inherit;font-size:.9rem;padding:.45rem .6rem;border:1px solid var(--muted);border-radius:.4rem;background:var(--bg);color:var(--fg)}
.readers a{display:inline-block;margin:.5rem .8rem 0 0}
ol{padding-left:1.2rem}li{margin:.9rem 0}.meta{color:var(--muted);font-size:.85rem}
</style>
</head>
<body>
<p class="meta">${FEED_FORMATS[format].label} feed</p>
<h1>${feed.title}</h1>
<p>${feed.description}</p>
<section class="about">
<h2>This is a web feed</h2>
<p>Feed readers such as Feedly, Inoreader, NewsBlur, Thunderbird or newsboat check it for you and show new articles as they are published. To follow it, copy this address into your reader:</p>
<p><label for="feed-url" class="meta">Feed address</label><input id="feed-url" type="text" readonly value="${feedUrl}"></p>
${
  options.private
    ? // A partner's address holds their token: no one-click link hands it to a web reader's shared index.
      html`<p>This address contains your private feed token: keep it to yourself and your own reader.</p>`
    : html`<p class="readers">Or subscribe in one click: ${READERS.map((r) => html`<a href="${r.url(feedUrl)}" rel="noopener">${r.name}</a>`)}</p>`
}
<p class="meta">Also as ${(Object.keys(FEED_FORMATS) as FeedFormat[])
    .filter((f) => f !== format)
    .map(
      (f, i) => html`${i ? ' or ' : ''}<a href="${feed.pages.first[f]}">${FEED_FORMATS[f].label}</a>`,
    )}. <a href="${feed.homeUrl}">Visit the website</a>.</p>
</section>
<h2>Latest headlines</h2>
<ol>
${feed.items.map(
  (
    item,
  ) => html`<li lang="${item.language}"><a href="${item.url}">${item.title}</a><br><span class="meta">${formatDate(item.published, item.language, feed.language)}${item.authors.length ? html` · ${item.authors.map((a) => a.name).join(', ')}` : ''}</span>${item.summary ? html`<br>${item.summary}` : ''}</li>
`,
)}</ol>
</body>
</html>
`;
}
