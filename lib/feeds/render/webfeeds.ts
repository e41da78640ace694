import { escapeHtml } from '../../articles/html-text';
import type { Feed } from '../feed';

/**
 * Feedly's `webfeeds` namespace (http://webfeeds.org/rss/1.0): the icon, logo and accent
 * colour it shows for a source. feedsmith has no module for it, so the elements are
 * added to its output here, escaped as any markup text is. Foreign elements are allowed in
 * both RSS 2.0 channels and Atom feeds (RFC 4287 §6.4).
 */
const NS = 'http://webfeeds.org/rss/1.0';

function elements(feed: Feed, indent: string): string {
  const parts: string[] = [];
  if (feed.iconUrl) parts.push(`<webfeeds:icon>${escapeHtml(feed.iconUrl)}</webfeeds:icon>`);
  if (feed.logoUrl) parts.push(`<webfeeds:logo>${escapeHtml(feed.logoUrl)}</webfeeds:logo>`);
  if (feed.accentColor)
    parts.push(`<webfeeds:accentColor>${escapeHtml(feed.accentColor)}</webfeeds:accentColor>`);
  if (parts.length) parts.push('<webfeeds:related layout="card" target="browser"/>');
  return parts.map((p) => `\n${indent}${p}`).join('');
}

/** Declares the namespace on the root element and puts the elements first in `container`. */
export function withWebfeeds(
  xml: string,
  feed: Feed,
  root: 'rss' | 'feed',
  container: 'channel' | 'feed',
): string {
  const added = elements(feed, root === 'rss' ? '    ' : '  ');
  if (!added) return xml;
  const withNs = xml.replace(new RegExp(`<${root}(\\s)`), `<${root} xmlns:webfeeds="${NS}"$1`);
  const open = withNs.indexOf('>', withNs.indexOf(`<${container}`)) + 1;
  return withNs.slice(0, open) + added + withNs.slice(open);
}
