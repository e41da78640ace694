import { createHash } from 'node:crypto';

/**
 * `embed.js`: the `<wirefeed-headlines>` custom element partners paste into their pages.
 *
 * It is kept here as a string rather than read from a `.js` file so that the very same
 * bytes are served under tsx and from the esbuild Lambda bundle (which has no repository
 * files to read). It is plain browser JavaScript with no dependencies, no template
 * literals (it lives inside one) and never assigns feed data to `innerHTML`: the DOM is
 * built with `createElement` and `textContent`, and only http(s) URLs become links or
 * images. Until the feed has loaded, and whenever it cannot be loaded or has nothing to
 * show, the element shows its own children (the partner's fallback) through a `<slot>`.
 *
 * Budget: 5 KB gzipped (tests/embed/widget-script.test.ts).
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw, so a regex or escape added to the widget later stays as written.
export const WIDGET_SOURCE = String.raw`// wirefeed <wirefeed-headlines>: headlines from a wirefeed JSON Feed. Docs: docs/embed.md
// Custom properties the host page may set: --wirefeed-accent, -text, -muted, -background,
// -border, -focus, -font, -padding. The --_ ones are private: the theme's defaults.
const DARK =
  'color-scheme:dark;--_fg:var(--wirefeed-text,#e8eaed);--_bg:var(--wirefeed-background,#202124);' +
  '--_accent:var(--wirefeed-accent,#8ab4f8);--_muted:var(--wirefeed-muted,#9aa0a6);' +
  '--_line:var(--wirefeed-border,#3c4043);--_focus:var(--wirefeed-focus,#8ab4f8)';
const STYLE = [
  ':host{display:block;color-scheme:light;--_fg:var(--wirefeed-text,#1a1a1a);' +
    '--_bg:var(--wirefeed-background,#fff);--_accent:var(--wirefeed-accent,#0b57d0);' +
    '--_muted:var(--wirefeed-muted,#5f6368);--_line:var(--wirefeed-border,#dadce0);' +
    '--_focus:var(--wirefeed-focus,#0b57d0);font:var(--wirefeed-font,15px/1.4 system-ui,sans-serif);' +
    'color:var(--_fg);background:var(--_bg);padding:var(--wirefeed-padding,.25em .75em);border-radius:6px}',
  ':host([hidden]){display:none}',
  ':host([theme=dark]){' + DARK + '}',
  '@media (prefers-color-scheme:dark){:host([theme=auto]){' + DARK + '}}',
  'ul{list-style:none;margin:0;padding:0}',
  'li{position:relative;display:flex;gap:.75em;align-items:flex-start;padding:.6em 0;border-top:1px solid var(--_line)}',
  'li:first-child{border-top:0}',
  'a{color:var(--_accent);font-weight:600;text-decoration:none;border-radius:2px}',
  'a:hover{text-decoration:underline}',
  // The whole row is clickable, but the link (the headline is its text) is the one tab stop.
  'a::after{content:"";position:absolute;inset:0}',
  'a:focus-visible{outline:3px solid var(--_focus);outline-offset:2px}',
  'img{flex:none;width:96px;height:64px;object-fit:cover;border-radius:4px;background:var(--_line)}',
  'time{display:block;margin-top:.2em;color:var(--_muted);font-size:.85em}',
].join('');

const MAX_LIMIT = 20;
const DEFAULT_LIMIT = 5;

/** An absolute http(s) URL, or null: no javascript:, data: or other schemes. */
function httpUrl(value, base) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

const formats = new Map();
/** Dates in the article's own language; an unknown or missing tag falls back to the page's. */
function formatDate(date, language) {
  const key = language || '';
  if (!formats.has(key)) {
    let format;
    try {
      format = new Intl.DateTimeFormat(key || undefined, { dateStyle: 'long' });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });
    }
    formats.set(key, format);
  }
  return formats.get(key).format(date);
}

function element(name, attributes = {}, text) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== '') node.setAttribute(key, value);
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

class WirefeedHeadlines extends HTMLElement {
  static observedAttributes = ['feed', 'limit', 'images'];

  #run = 0;
  #scheduled = false;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).append(element('slot'));
  }

  connectedCallback() {
    this.#schedule();
  }

  attributeChangedCallback() {
    this.#schedule();
  }

  /** Several attributes change at once (on upgrade, or from a script): load once. */
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.isConnected) this.#load();
    });
  }

  get #limit() {
    const n = Number.parseInt(this.getAttribute('limit') ?? '', 10);
    return n >= 1 ? Math.min(n, MAX_LIMIT) : DEFAULT_LIMIT;
  }

  async #load() {
    const run = ++this.#run;
    const feedUrl = httpUrl(this.getAttribute('feed'), document.baseURI);
    let items = [];
    try {
      if (!feedUrl) throw new Error('the feed attribute is not an http(s) URL');
      const response = await fetch(feedUrl, { credentials: 'omit', headers: { Accept: 'application/feed+json' } });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const feed = await response.json();
      if (!feed || !Array.isArray(feed.items)) throw new Error('not a JSON Feed');
      items = feed.items.map((item) => this.#headline(item, feedUrl)).filter(Boolean);
    } catch (error) {
      console.warn('<wirefeed-headlines>: showing the fallback content:', String(error));
    }
    // A newer load (the feed or limit changed meanwhile) wins.
    if (run !== this.#run) return;
    if (items.length === 0) {
      this.shadowRoot.replaceChildren(element('slot'));
      return;
    }
    const style = element('style', {}, STYLE);
    const list = element('ul', { part: 'list' });
    list.append(...items.slice(0, this.#limit).map((headline) => this.#render(headline)));
    this.shadowRoot.replaceChildren(style, list);
  }

  /** What one feed item shows, or null when it has no title or no http(s) link. */
  #headline(item, base) {
    if (!item || typeof item.title !== 'string' || item.title.trim() === '') return null;
    const url = httpUrl(item.url, base);
    if (!url) return null;
    const date = new Date(item.date_published);
    const image = item._wirefeed && item._wirefeed.image;
    return {
      title: item.title.trim(),
      url,
      language: typeof item.language === 'string' ? item.language : '',
      date: Number.isNaN(date.getTime()) ? null : date,
      image: httpUrl(item.image, base),
      alt: image && typeof image.alt === 'string' ? image.alt : '',
    };
  }

  #render(headline) {
    const li = element('li', { part: 'item', lang: headline.language });
    if (headline.image && this.hasAttribute('images')) {
      // Outside the link, so the link's name is the headline alone; no alt means decorative.
      const img = element('img', {
        part: 'thumbnail',
        src: headline.image,
        loading: 'lazy',
        decoding: 'async',
        width: '96',
        height: '64',
      });
      img.alt = headline.alt;
      li.append(img);
    }
    const text = element('div');
    text.append(element('a', { part: 'link', href: headline.url }, headline.title));
    if (headline.date) {
      const date = formatDate(headline.date, headline.language);
      text.append(element('time', { part: 'date', datetime: headline.date.toISOString() }, date));
    }
    li.append(text);
    return li;
  }
}

if (!customElements.get('wirefeed-headlines')) customElements.define('wirefeed-headlines', WirefeedHeadlines);
`;

/** Hex SHA-256 prefix of the source: names the versioned URL and makes the strong ETag. */
export const WIDGET_HASH = createHash('sha256').update(WIDGET_SOURCE).digest('hex').slice(0, 16);
