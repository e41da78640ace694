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
 * sections back against their tags. Only whitespace next to CDATA markers moves:
 * a `]]>` inside content is always split by feedsmith into `]]]]><![CDATA[>`.
 */
export function tightenCdata(xml: string): string {
  return xml.replace(/>\s+<!\[CDATA\[/g, '><![CDATA[').replace(/\]\]>\s+</g, ']]><');
}
