/**
 * The order of an item's (RSS) or entry's (Atom) children. Neither format orders them,
 * but the clients people use read them in order and keep the first or last value they
 * meet (tests/readers):
 *
 * - Python feedparser (rss2email, many scripts) treats `media:description` — our photo
 *   caption — as a description. Met before the item's own content and description, it
 *   is overridden by them; met after, it replaces the summary's details (rss2email's
 *   plain-text mail showed the caption alone) or, with no content yet, becomes the
 *   content. `media:title` (alt text) likewise replaces the title after a `<source>`.
 *   So the content comes first, then the Media RSS block, then everything else.
 * - sfeed takes the first `<title>` in an Atom entry, even one inside `<source>`
 *   (it titled wire copy "AllAfrica"): `<source>` goes last.
 *
 * feedsmith writes children in a fixed (Atom: alphabetical) order, so its output is
 * reordered here: a small scanner over well-formed XML that splits each item's children
 * (tags, CDATA and comments are skipped as units, so markup-like text inside CDATA never
 * counts) and sorts them, stably, by rank.
 */
const RANKS: Record<'item' | 'entry', Record<string, number>> = {
  item: { 'content:encoded': 0, 'media:content': 1, source: 3 },
  entry: { content: 0, 'media:content': 1, source: 3 },
};
const OTHER = 2;

const TOKEN =
  /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<(\/?)([^\s/>!?]+)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

export function orderEntryChildren(xml: string, entry: 'item' | 'entry'): string {
  const ranks = RANKS[entry];
  const out: string[] = [];
  let copied = 0;
  let depth = 0;
  /** Inside an entry: where its content starts, and the children found so far. */
  let inner: { start: number; children: { name: string; start: number; end: number }[] } | undefined;
  let child: { name: string; start: number } | undefined;
  for (const m of xml.matchAll(TOKEN)) {
    const [token, closing, name, selfClosing] = m;
    if (name === undefined) continue; // CDATA or a comment: inside some element, never one itself
    const at = m.index;
    const end = at + token.length;
    if (!closing) {
      if (depth === 0 && name === entry && !selfClosing && !inner) {
        inner = { start: end, children: [] };
        depth = 1;
        continue;
      }
      if (inner) {
        if (depth === 1) child = { name, start: at };
        if (selfClosing) {
          if (depth === 1 && child) inner.children.push({ ...child, end });
        } else depth++;
      }
      continue;
    }
    if (!inner) continue;
    depth--;
    if (depth === 1 && child) {
      inner.children.push({ ...child, end });
      child = undefined;
    } else if (depth === 0 && name === entry) {
      out.push(xml.slice(copied, inner.start), reorder(xml, inner.start, at, inner.children, ranks));
      copied = at;
      inner = undefined;
    }
  }
  out.push(xml.slice(copied));
  return out.join('');
}

/** The children sorted by rank, each keeping the whitespace before it. */
function reorder(
  xml: string,
  start: number,
  end: number,
  children: { name: string; start: number; end: number }[],
  ranks: Record<string, number>,
): string {
  if (children.length === 0) return xml.slice(start, end);
  const indent = xml.slice(start, children[0]?.start);
  const sorted = children
    .map((c, i) => ({ c, i, rank: ranks[c.name] ?? OTHER }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  const tail = xml.slice(children.at(-1)?.end, end);
  return sorted.map(({ c }) => indent + xml.slice(c.start, c.end)).join('') + tail;
}
