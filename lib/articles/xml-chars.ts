/**
 * XML 1.0 §2.2 `Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
 * Anything else (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates) makes a
 * document ill-formed, and no XML library we use strips it: this does.
 *
 * With the `u` flag a well-formed surrogate pair is one code point (>= U+10000) and is
 * kept; a lone surrogate is matched by the \uD800-\uDFFF range and removed.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripNonXmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

/** Applies `stripNonXmlChars` to every string in a JSON-like value. */
export function deepStripNonXmlChars<T>(value: T): T {
  if (typeof value === 'string') return stripNonXmlChars(value) as T;
  if (Array.isArray(value)) return value.map(deepStripNonXmlChars) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = deepStripNonXmlChars(v);
    return out as T;
  }
  return value;
}
