import { generateRssFeed } from 'feedsmith';
import { escapeHtml } from '../../articles/html-text';
import type { Feed, FeedItem } from '../feed';
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
  return withWebfeeds(tightenCdata(generateRssFeed(rss)), feed, 'rss', 'channel');
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
    content: item.contentHtml ? { encoded: item.contentHtml } : undefined,
    pubDate: item.published,
    categories: item.topics.map((t) => ({ name: t.label, domain: t.scheme })),
    // `enclosure` requires url, length and type; give it only when all three are known.
    enclosures:
      image?.type && image.length ? [{ url: image.url, length: image.length, type: image.type }] : undefined,
    source: item.source?.url ? { title: item.source.name, url: item.source.url } : undefined,
    dc: {
      creators: item.authors.map((a) => a.name),
      languages: [item.language],
      rights: item.rights ? [item.rights] : undefined,
    },
    media: mediaRss(image),
  };
}
