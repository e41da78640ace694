import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../../articles/html-text';

/**
 * Text from feed markup. Feeds put HTML, entity-escaped HTML and plain text in the same
 * elements, so everything plain-text-shaped (titles, summaries, captions, category names)
 * goes through `htmlToText`, which also decodes entities ("&#8217;" → "’").
 */

/** Where a block ends, a word ends too: "<p>a</p><p>b</p>" is "a b", not "ab". */
const BLOCK_END = /<(?:br|hr|\/(?:p|div|li|h[1-6]|blockquote|figcaption|tr|td|th|dt|dd|pre|table))\b[^>]*>/gi;

const ESCAPED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };

export function htmlToText(html: string): string {
  // sanitize-html decodes every entity while parsing and re-escapes only & < > " on output.
  const text = sanitizeHtml(html.replace(BLOCK_END, '$& '), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template'],
  });
  return text
    .replace(/&(amp|lt|gt|quot);/g, (_, name: string) => ESCAPED[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Plain text (JSON Feed `content_text`, Atom `type="text"`) as HTML: blank lines make paragraphs. */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}

/** At most `max` characters, cut at a word boundary, with an ellipsis when cut. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** WordPress (Yoast) appends "The post X appeared first on Y." to every excerpt: not part of the dek. */
const APPEARED_FIRST = /\s*The post .+ appeared first on .+\.$/;

export function summaryText(html: string, max: number): string {
  return truncateWords(htmlToText(html).replace(APPEARED_FIRST, ''), max);
}

/**
 * Feeds often put a bare excerpt where HTML is expected (an RSS <description> without
 * tags): a body with no tag at all becomes paragraphs, its entities kept as they are.
 */
export function asHtmlBody(html: string): string {
  if (/<[a-zA-Z!/?]/.test(html)) return html;
  return html
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${paragraph}</p>`)
    .join('\n');
}
