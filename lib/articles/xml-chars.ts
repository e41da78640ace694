/**
 * XML 1.0 §2.2 `Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
 * Anything else (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates) makes a
 * document ill-formed, and no XML library we use strips it: this does.
 *
 * With the `u` flag a well-formed surrogate pair is one code point (>= U+10000) and is
 * kept; a lone surrogate is matched by the \uD800-\uDFFF range and removed.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * A cheap first look, without the `u` flag: every string that might hold a forbidden
 * character matches it (astral characters too, which are fine: the exact pass decides).
 * Most text matches nothing, and is returned as it is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const MAYBE_NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function stripNonXmlChars(text: string): string {
  return MAYBE_NOT_XML_CHAR.test(text) ? text.replace(NOT_XML_CHAR, '') : text;
}

/** Applies `stripNonXmlChars` to every string in a JSON-like value; unchanged parts are not copied. */
export function deepStripNonXmlChars<T>(value: T): T {
  if (typeof value === 'string') return stripNonXmlChars(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const s = deepStripNonXmlChars(v);
      changed ||= s !== v;
      return s;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    let changed = false;
    // fromEntries defines own properties: a "__proto__" key from JSON stays a key, not a prototype.
    const out = Object.fromEntries(
      Object.entries(value).map(([key, v]) => {
        const s = deepStripNonXmlChars(v);
        changed ||= s !== v;
        return [key, s];
      }),
    );
    return (changed ? out : value) as T;
  }
  return value;
}
