import { generateRssFeed } from 'feedsmith';
import { escapeHtml } from '../../articles/html-text';
import type { Feed, FeedItem } from '../feed';
import { orderEntryChildren } from './entry-order';
import { mediaRss } from './media-rss';
import { pageLinks } from './page-links';
import { withWebfeeds } from './webfeeds';
import { tightenCdata, xmlSafeFeed } from './xml-output';

type RssInput = Parameters<typeof generateRssFeed>[0];
type RssItem = NonNullable<RssInput['items']>[number];

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with the content, Dublin Core,
 * Media RSS and Atom namespaces. Authors go in `dc:creator`: RSS's own `<author>`
 * must be an e-mail address, and a name-only one is invalid.
 */
export function renderRss(input: Feed): string {
  const feed = xmlSafeFeed(input);
  const rss: RssInput = {
    title: feed.title,
    link: feed.homeUrl,
    description: escapeHtml(feed.description),
    language: feed.language,
    lastBuildDate: feed.updated,
    generator: `${feed.generator.name} ${feed.generator.version}`,
    docs: 'https://www.rssboard.org/rss-specification',
    image: feed.logoUrl ? { url: feed.logoUrl, title: feed.title, link: feed.homeUrl } : undefined,
    atom: { links: pageLinks(feed, 'rss') },
    items: feed.items.map(renderItem),
  };
  return withWebfeeds(orderEntryChildren(tightenCdata(generateRssFeed(rss)), 'item'), feed, 'rss', 'channel');
}

/** "A", "A and B", "A, B and C", in the article's language where Intl knows it. */
function namesOf(authors: { name: string }[], language: string): string {
  const names = authors.map((a) => a.name);
  try {
    return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(names);
  } catch {
    return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(names);
  }
}

function renderItem(item: FeedItem): RssItem {
  const { image } = item;
  return {
    title: item.title,
    link: item.url,
    // RSS 2.0 `guid`: a permalink only if it is the URL; ours is a stable tag URI.
    guid: { value: item.id, isPermaLink: false },
    // The summary is plain text; readers render <description> as HTML, so it goes in escaped.
    description: item.summary ? escapeHtml(item.summary) : undefined,
    // Excerpt-only items carry their summary as content too (as JSON Feed's content_text
    // does): without it, feedparser-based readers take the photo caption as the content.
    content: { encoded: item.contentHtml ?? `<p>${escapeHtml(item.summary || item.title)}</p>` },
    pubDate: item.published,
    categories: item.topics.map((t) => ({ name: t.label, domain: t.scheme })),
    // `enclosure` requires url, length and type; give it only when all three are known.
    enclosures:
      image?.type && image.length ? [{ url: image.url, length: image.length, type: image.type }] : undefined,
    source: item.source?.url ? { title: item.source.name, url: item.source.url } : undefined,
    dc: {
      // One creator naming everyone: readers show a single author, some the first
      // dc:creator, some the last (feedparser, newsboat). Atom and JSON Feed keep them apart.
      creators: item.authors.length ? [namesOf(item.authors, item.language)] : undefined,
      languages: [item.language],
      rights: item.rights ? [item.rights] : undefined,
    },
    media: mediaRss(image),
  };
}
