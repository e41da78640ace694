/**
 * Crossing between HTML and plain text, in the one safe order each way:
 *
 * - HTML → text: remove the tags first, then decode every entity in a single pass. A
 *   pass per entity decodes twice ("&amp;lt;" → "&lt;" → "<"), and decoding before
 *   stripping turns text the page showed as "<img …>" into a tag.
 * - text → HTML: escape, always, at the point where text goes into an HTML context.
 *   The result of the first is text, so it needs the second before any HTML-rendering
 *   reader sees it (RSS `<description>` is HTML by convention).
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]+));/g;

function codePoint(n: number): string {
  // Outside Unicode, NUL and lone surrogates: what HTML's parser also replaces (U+FFFD).
  return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\uFFFD';
}

/**
 * Plain text of HTML as the sanitizer writes it (`lib/articles/normalize.ts`: every `<`
 * and `&` in text and attributes escaped), e.g. a stored article body.
 */
export function textOfSanitizedHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(ENTITY, (entity, decimal?: string, hex?: string, name?: string) => {
      if (decimal) return codePoint(Number(decimal));
      if (hex) return codePoint(Number.parseInt(hex, 16));
      return Object.hasOwn(NAMED, name ?? '') ? (NAMED[name as string] as string) : entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Plain text for an HTML or XML context (element content or a double-quoted attribute value). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
