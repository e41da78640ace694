import { createHash } from 'node:crypto';
import { html, raw } from 'hono/html';
import type { Feed, FeedItem } from '../feeds/feed';
import { formatDate } from '../feeds/format-date';
import type { EmbedOptions } from './embed-options';

/**
 * The iframe alternative to the widget: the headlines as a small, script-free HTML page.
 * `html` escapes every interpolated value; the one raw piece is the constant stylesheet,
 * which the Content-Security-Policy allows by its hash, so no other style can run.
 */

const DARK =
  'color-scheme:dark;--fg:#e8eaed;--bg:#202124;--accent:#8ab4f8;--muted:#9aa0a6;--line:#3c4043;--focus:#8ab4f8';
const PAGE_STYLE = [
  ':root{color-scheme:light;--fg:#1a1a1a;--bg:#fff;--accent:#0b57d0;--muted:#5f6368;--line:#dadce0;--focus:#0b57d0}',
  `.dark{${DARK}}`,
  `@media (prefers-color-scheme:dark){.auto{${DARK}}}`,
  'body{margin:0;padding:.25em .75em;font:15px/1.4 system-ui,sans-serif;color:var(--fg);background:var(--bg)}',
  'ul{list-style:none;margin:0;padding:0}',
  'li{position:relative;display:flex;gap:.75em;align-items:flex-start;padding:.6em 0;border-top:1px solid var(--line)}',
  'li:first-child{border-top:0}',
  'a{color:var(--accent);font-weight:600;text-decoration:none;border-radius:2px}',
  'a:hover{text-decoration:underline}',
  // The whole row is clickable; the link, with the headline as its text, is the one tab stop.
  'li a::after{content:"";position:absolute;inset:0}',
  'a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}',
  'img{flex:none;width:96px;height:64px;object-fit:cover;border-radius:4px;background:var(--line)}',
  'time{display:block;margin-top:.2em;color:var(--muted);font-size:.85em}',
].join('');

/**
 * CSP for the page (CSP Level 3): nothing but images and this one stylesheet; no script,
 * no forms, no `<base>`. `frame-ancestors *` lets any site frame it: the page has no
 * state to change and no credentials, so there is nothing to clickjack.
 */
export const HEADLINES_PAGE_CSP = [
  "default-src 'none'",
  'img-src https: http:',
  `style-src 'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

export function renderHeadlinesPage(feed: Feed, options: EmbedOptions) {
  const items = feed.items.filter((item) => isHttpUrl(item.url));
  return html`<!doctype html>
<html lang="${feed.language}" class="${options.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${feed.title}</title>
<style>${raw(PAGE_STYLE)}</style>
</head>
<body>
${
  items.length
    ? html`<ul>
${items.map((item) => renderItem(item, options, feed.language))}</ul>`
    : html`<p><a href="${feed.homeUrl}" target="_blank" rel="noopener">${feed.title}</a></p>`
}
</body>
</html>
`;
}

function renderItem(item: FeedItem, options: EmbedOptions, fallbackLanguage: string) {
  const image = options.images && item.image && isHttpUrl(item.image.url) ? item.image : undefined;
  // No alt text means the thumbnail is decorative: the headline beside it says it all.
  const thumbnail = image
    ? html`<img src="${image.url}" alt="${image.alt ?? ''}" width="96" height="64" loading="lazy" decoding="async">`
    : '';
  return html`<li lang="${item.language}">${thumbnail}<div><a href="${item.url}" target="_blank" rel="noopener">${item.title}</a><time datetime="${item.published.toISOString()}">${formatDate(item.published, item.language, fallbackLanguage)}</time></div></li>
`;
}

const isHttpUrl = (url: string) => /^https?:\/\//i.test(url);
