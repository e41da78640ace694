/**
 * XML helpers for feed tests, built on `saxes`: a strict, non-validating XML 1.0 parser that checks
 * well-formedness, the XML 1.0 character rules and (with `xmlns: true`) namespace well-formedness.
 * It does not read DTDs, so only the five predefined entities and character references are accepted.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface XmlNode {
  /** Qualified name as written in the document, e.g. `media:content`. */
  name: string;
  /** Namespace URI of the element ('' when none). */
  uri: string;
  /** Attribute values keyed by qualified name as written, e.g. `url`, `xml:lang`, `xmlns:media`. */
  attributes: Record<string, string>;
  children: XmlNode[];
  /** This element's own character data (text and CDATA, not its descendants'), untrimmed. */
  text: string;
}

const MAX_REPORTED = 10;

/** Parses `xml`, collecting every error saxes reports, and throws them all at once with context. */
function parse(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const errors: string[] = [];
  parser.on('error', (err) => {
    // saxes prefixes messages with `line:column: `; add the offending line and a caret.
    if (errors.length < MAX_REPORTED)
      errors.push(`${err.message}\n${excerpt(xml, parser.line, parser.columnIndex)}`);
  });

  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attributes: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) attributes[attr.name] = attr.value;
    const node: XmlNode = { name: tag.name, uri: tag.uri, attributes, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(node);
    else root ??= node;
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (text: string): void => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  parser.write(xml).close();
  if (errors.length > 0 || !root) {
    const more = errors.length >= MAX_REPORTED ? `\n(only the first ${MAX_REPORTED} errors are shown)` : '';
    const list = errors.length > 0 ? errors.join('\n') : 'no root element';
    throw new Error(
      `Not well-formed XML:\n${list}${more}${bareAmpersandHint(xml)}\n` +
        `Document starts: ${JSON.stringify(xml.slice(0, 120))}`,
    );
  }
  return root;
}

/**
 * saxes reads an unescaped `&` as the start of an entity reference up to the next `;`, so the error it
 * reports may be far away (or just "unclosed tag"). Point at the first `&` that starts no valid reference.
 * (It may sit in a CDATA section or comment, where it is legal, hence only a hint.)
 */
function bareAmpersandHint(xml: string): string {
  const match = /&(?!(?:[A-Za-z_:][\w.:-]*|#\d+|#x[\dA-Fa-f]+);)/.exec(xml);
  if (!match) return '';
  const before = xml.slice(0, match.index).split(/\r\n|\r|\n/);
  const line = before.length;
  const column = before.at(-1)?.length ?? 0;
  return `\nHint: unescaped '&' (write &amp;) at ${line}:${column}?\n${excerpt(xml, line, column)}`;
}

/** Line `line` (1-based) of `xml` with a caret under JS string index `column`, for error messages. */
function excerpt(xml: string, line: number, column: number): string {
  const text = xml.split(/\r\n|\r|\n/)[line - 1] ?? '';
  // Keep long single-line documents (e.g. minified feeds) readable: show ~60 chars around the error.
  const start = Math.max(0, column - 60);
  const snippet = text.slice(start, column + 60);
  const prefix = `  ${line} | `;
  return `${prefix}${snippet}\n${' '.repeat(prefix.length + column - start)}^`;
}

/** Throws an Error listing every well-formedness / namespace problem (with line:column) if any. */
export function assertWellFormedXml(xml: string): void {
  parse(xml);
}

/** Parses a well-formed document into a small tree and returns its root element; throws like above. */
export function parseXml(xml: string): XmlNode {
  return parse(xml);
}

/**
 * Descendants of `node` reached by `path`, a `/`-separated list of qualified names matched against
 * successive child levels (`*` matches any). E.g. `find(rss, 'channel/item/media:content')`.
 * Prefixes are compared as written in the document, not by namespace URI.
 */
export function find(node: XmlNode, path: string): XmlNode[] {
  let current = [node];
  for (const step of path.split('/').filter((s) => s !== '')) {
    current = current.flatMap((n) => n.children.filter((c) => step === '*' || c.name === step));
  }
  return current;
}
