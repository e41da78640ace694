import { html } from 'hono/html';
import type { SiteConfig } from '../config';
import type { FeedListing } from '../feeds/feed';
import { FEED_FORMATS, type FeedFormat } from '../feeds/feed';
import { renderFitting } from '../feeds/response-limit';

/** The OPML of the site feed and the categories (lib/feeds/render/opml.ts), recommended for readers. */
export const STARTER_OPML_PATH = '/starter.opml';

const KIND_HEADINGS = { site: 'Everything', category: 'Categories', tag: 'Tags', author: 'Authors' } as const;

/** Which feeds the page keeps when not all fit: tags, the most numerous, go first. */
const KEEP_ORDER = { site: 0, category: 1, author: 2, tag: 3 } as const;

/**
 * The index page of `feeds`, or of as many as fit a Lambda response (see
 * ../feeds/response-limit.ts; a site with thousands of tags lists them all in /feeds.opml).
 */
export function renderIndexPageFitting(site: SiteConfig, feeds: FeedListing[]): string {
  const kept = [...feeds].sort((a, b) => KEEP_ORDER[a.scope.kind] - KEEP_ORDER[b.scope.kind]);
  return renderFitting(kept.length, (count) =>
    renderIndexPage(site, kept.slice(0, count), kept.length - count).toString(),
  );
}

/**
 * The page for people at `/`: every feed, grouped by kind, and a
 * `<link rel="alternate">` per feed and format so browsers and readers discover them.
 * `html` escapes every interpolated value.
 */
export function renderIndexPage(site: SiteConfig, feeds: FeedListing[], omitted = 0) {
  const formats = Object.keys(FEED_FORMATS) as FeedFormat[];
  const groups = (Object.keys(KIND_HEADINGS) as (keyof typeof KIND_HEADINGS)[])
    .map((kind) => ({ kind, feeds: feeds.filter((f) => f.scope.kind === kind) }))
    .filter((g) => g.feeds.length > 0);
  return html`<!doctype html>
<html lang="${site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${site.title}: feeds</title>
${feeds.flatMap((f) =>
  formats.map(
    (format) =>
      html`<link rel="alternate" type="${FEED_FORMATS[format].mediaType}" title="${f.title} (${FEED_FORMATS[format].label})" href="${f.urls[format]}">
`,
  ),
)}<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}ul{padding-left:1.2rem}
a{color:#0b57d0}li{margin:.25rem 0}.formats a{margin-right:.6rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#8ab4f8}}
</style>
</head>
<body>
<h1>${site.title}: feeds</h1>
<p>${site.description}</p>
<p>Copy a feed's address into your feed reader (Feedly, Inoreader, NewsBlur, Thunderbird, newsboat…) to follow it. Every feed comes as RSS, Atom and JSON Feed; pick whichever your reader prefers.</p>
<p>To follow several at once, import <a href="${site.publicBaseUrl}${STARTER_OPML_PATH}" type="text/x-opml">the starter list</a> (OPML: everything, and each category) into your reader. <a href="${site.publicBaseUrl}/feeds.opml" type="text/x-opml">The full list</a> adds every tag and author: an article then sits in many of your feeds at once, and some readers show it under only one of them.</p>
${
  omitted
    ? html`<p>${omitted} more feeds do not fit on this page: the full list has every one.</p>
`
    : ''
}${groups.map(
  (g) => html`<h2>${KIND_HEADINGS[g.kind]}</h2>
<ul>
${g.feeds.map(
  (f) => html`<li>${f.scope.name} <span class="formats">${formats.map(
    (format) =>
      html`<a href="${f.urls[format]}" type="${FEED_FORMATS[format].mediaType}">${FEED_FORMATS[format].label}</a>`,
  )}</span></li>
`,
)}</ul>
`,
)}</body>
</html>
`;
}
