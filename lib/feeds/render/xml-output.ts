import { deepStripNonXmlChars } from '../../articles/xml-chars';
import type { Feed } from '../feed';

/**
 * What every renderer does to its input and output, so no stored value — however it
 * got into the table — can make a feed ill-formed.
 */

/** Strips characters XML 1.0 forbids from every string of the model (a defensive copy). */
export function xmlSafeFeed(feed: Feed): Feed {
  return deepStripNonXmlChars(feed);
}

/**
 * feedsmith pretty-prints CDATA sections on their own lines, which puts newlines and
 * indentation inside text values (a title becomes "\n      Title\n    "). Pull the
 * sections back against their tags: only whitespace between a tag and a CDATA section
 * moves, never text inside one. A section runs to the first `]]>` (feedsmith splits any
 * `]]>` in content as `]]]]><![CDATA[>`), so a value holding `> <![CDATA[` keeps its space
 * (found by `npm run fuzz`).
 */
export function tightenCdata(xml: string): string {
  const parts = xml.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/);
  // Even indexes are markup between sections, odd ones the sections themselves.
  for (let i = 0; i < parts.length; i += 2) {
    let markup = parts[i] ?? '';
    if (i > 0) markup = markup.replace(/^\s+(?=<)/, '');
    if (i < parts.length - 1) markup = markup.replace(/>\s+$/, '>');
    parts[i] = markup;
  }
  return parts.join('');
}
