import { generateAtomFeed } from 'feedsmith';
import { escapeHtml } from '../../articles/html-text';
import type { Feed, FeedItem } from '../feed';
import { orderEntryChildren } from './entry-order';
import { mediaRss } from './media-rss';
import { pageLinks } from './page-links';
import { withWebfeeds } from './webfeeds';
import { tightenCdata, xmlSafeFeed } from './xml-output';

type AtomInput = Parameters<typeof generateAtomFeed>[0];
type AtomEntry = NonNullable<AtomInput['entries']>[number];

/** Atom 1.0 (RFC 4287) with Media RSS for the lead image's caption and credit. */
export function renderAtom(input: Feed): string {
  const feed = xmlSafeFeed(input);
  const atom: AtomInput = {
    id: feed.id,
    title: { value: feed.title, type: 'text' },
    subtitle: feed.description ? { value: feed.description, type: 'text' } : undefined,
    updated: feed.updated,
    links: [
      // RFC 4287 §4.2.7.2: rel="self" identifies this document; alternates are the other formats.
      ...pageLinks(feed, 'atom'),
      { href: feed.homeUrl, rel: 'alternate', type: 'text/html' },
      { href: feed.urls.rss, rel: 'alternate', type: 'application/rss+xml' },
      { href: feed.urls.json, rel: 'alternate', type: 'application/feed+json' },
    ],
    icon: feed.iconUrl,
    logo: feed.logoUrl,
    generator: { text: feed.generator.name, version: feed.generator.version, uri: feed.generator.url },
    xml: { lang: feed.language },
    entries: feed.items.map(renderEntry),
  };
  return withWebfeeds(
    orderEntryChildren(tightenCdata(generateAtomFeed(atom)), 'entry'),
    feed,
    'feed',
    'feed',
  );
}

function renderEntry(item: FeedItem): AtomEntry {
  const { image, source } = item;
  return {
    id: item.id,
    title: { value: item.title, type: 'text' },
    updated: item.updated,
    published: item.published,
    xml: { lang: item.language },
    authors: item.authors.map((a) => ({ name: a.name, uri: a.url })),
    categories: item.topics.map((t) => ({ term: t.term, label: t.label, scheme: t.scheme })),
    // The summary is plain text, sent as escaped HTML (RFC 4287 §3.1.1.2) — readers show the
    // same words. Typed "text", it was the one text/plain alternative, and feedparser-based
    // mailers that prefer plain text (rss2email's default) mailed the dek instead of the body.
    summary: item.summary ? { value: escapeHtml(item.summary), type: 'html' } : undefined,
    // Excerpt-only items carry their summary as text content too (as JSON Feed's content_text
    // does): without it, feedparser-based readers take the photo caption as the content.
    content: item.contentHtml
      ? { value: item.contentHtml, type: 'html' }
      : { value: item.summary || item.title, type: 'text' },
    links: [
      { href: item.url, rel: 'alternate', type: 'text/html' },
      ...(image ? [{ href: image.url, rel: 'enclosure', type: image.type, length: image.length }] : []),
      ...item.related.map((r) => ({ href: r.url, rel: 'related', title: r.title, type: 'text/html' })),
    ],
    rights: item.rights ? { value: item.rights, type: 'text' } : undefined,
    source: source
      ? {
          id: source.url,
          title: { value: source.name, type: 'text' },
          // RFC 4287 §4.2.11 asks for the source's updated; ours is when this copy was last taken from it.
          updated: item.updated,
          links: source.url ? [{ href: source.url, rel: 'alternate' }] : undefined,
        }
      : undefined,
    media: mediaRss(image),
  };
}
