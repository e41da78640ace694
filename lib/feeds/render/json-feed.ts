import { generateJsonFeed } from 'feedsmith';
import { deepStripNonXmlChars } from '../../articles/xml-chars';
import type { Feed, FeedItem } from '../feed';

type JsonInput = Parameters<typeof generateJsonFeed>[0];
type JsonItem = NonNullable<JsonInput['items']>[number];

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). What the format has no field
 * for — topics with their kind, the source, rights, caption and credit, related links —
 * goes in a `_wirefeed` extension object (§ Extensions: keys start with "_", and
 * `about` points to the extension's documentation).
 */
export function renderJsonFeed(input: Feed): string {
  // Lone surrogates would serialize as "\ud800" escapes that strict UTF-8 consumers reject.
  const feed = deepStripNonXmlChars(input);
  const json: JsonInput = {
    title: feed.title,
    home_page_url: feed.homeUrl,
    // JSON Feed 1.1: feed_url is the feed itself (the first page); next_url continues it.
    feed_url: feed.pages.first.json,
    next_url: feed.pages.next?.json,
    description: feed.description,
    icon: feed.logoUrl ?? feed.iconUrl,
    favicon: feed.iconUrl,
    language: feed.language,
    // JSON Feed 1.1 `hubs`: endpoints for real-time notification of changes (WebSub).
    hubs: feed.hubs?.map((url) => ({ type: 'WebSub', url })),
    items: feed.items.map((item) => renderItem(item, feed.jsonExtensionUrl)),
  };
  // JSON Feed 1.1: `items` is required even when empty; feedsmith drops empty arrays.
  const generated = generateJsonFeed(json) as { items?: unknown[] };
  return JSON.stringify({ ...generated, items: generated.items ?? [] });
}

function renderItem(item: FeedItem, about: string): JsonItem & { _wirefeed: object } {
  const { image } = item;
  return {
    id: item.id,
    url: item.url,
    title: item.title,
    // JSON Feed 1.1 requires content_html or content_text: excerpt-only items carry the summary as text.
    ...(item.contentHtml ? { content_html: item.contentHtml } : { content_text: item.summary || item.title }),
    summary: item.summary || undefined,
    image: image?.url,
    date_published: item.published,
    date_modified: item.updated,
    authors: item.authors.map((a) => ({ name: a.name, url: a.url })),
    tags: item.topics.map((t) => t.label),
    language: item.language,
    attachments: image?.type
      ? [{ url: image.url, mime_type: image.type, size_in_bytes: image.length, title: image.caption }]
      : undefined,
    _wirefeed: {
      about,
      categories: item.topics
        .filter((t) => t.kind === 'category')
        .map((t) => ({ name: t.label, slug: t.term })),
      tags: item.topics.filter((t) => t.kind === 'tag').map((t) => ({ name: t.label, slug: t.term })),
      image: image && {
        alt: image.alt,
        caption: image.caption,
        credit: image.credit,
        width: image.width,
        height: image.height,
      },
      source: item.source,
      rights: item.rights,
      related: item.related.length ? item.related : undefined,
    },
  };
}
