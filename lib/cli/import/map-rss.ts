import type { RssFeed } from 'feedsmith';
import { sanitizeBodyHtml } from '../../articles/normalize';
import {
  absoluteHttpUrl,
  articleDates,
  cleanTerms,
  firstDate,
  hostOf,
  type PersonRef,
  parseFeedDate,
  pickAuthors,
  pickLanguage,
} from './fields';
import { importId, slugFor } from './identity';
import { type ImageCandidate, isImageType, mediaRssImages, pickImage } from './image';
import { finishEntry, type ImportDefaults, type MappedEntry } from './mapped-entry';
import { asHtmlBody, htmlToText, summaryText, truncateWords } from './text';

/**
 * RSS 2.0 (and RSS 1.0/RDF, whose items are a subset) → articles. Wire shapes such as
 * `content:encoded` and `dc:creator` stay in this file.
 */

type RssItem = Pick<
  RssFeed.Item<string>,
  | 'title'
  | 'link'
  | 'description'
  | 'authors'
  | 'categories'
  | 'enclosures'
  | 'guid'
  | 'pubDate'
  | 'source'
  | 'atom'
  | 'dc'
  | 'dcterms'
  | 'content'
  | 'media'
  | 'xml'
>;

export type RssLikeFeed = Pick<
  RssFeed.Feed<string>,
  'title' | 'link' | 'language' | 'managingEditor' | 'dc' | 'xml'
> & {
  items?: RssItem[];
};

const SUMMARY_MAX = 4_000;
const DERIVED_TITLE_MAX = 140;

function imageEnclosures(enclosures: RssItem['enclosures']): ImageCandidate[] {
  return (enclosures ?? [])
    .filter((e) => isImageType(e.type))
    .map((e) => ({ url: e.url, type: e.type, length: e.length }));
}

function mapItem(item: RssItem, position: number, feed: RssLikeFeed, defaults: ImportDefaults): MappedEntry {
  const feedLink = absoluteHttpUrl(feed.link);
  const guid = item.guid?.value?.trim() || undefined;
  // RSS 2.0: a <guid> is a permalink unless isPermaLink="false".
  const permalink = item.guid?.isPermaLink !== false ? absoluteHttpUrl(guid) : undefined;
  const url = absoluteHttpUrl(item.link, feedLink) ?? permalink;
  const key = guid ?? url;

  const encoded = item.content?.encoded?.trim() || undefined;
  const description = item.description?.trim() || undefined;
  const body = encoded ?? description;
  const title =
    htmlToText(item.title ?? '') ||
    (body ? truncateWords(htmlToText(description ?? body), DERIVED_TITLE_MAX) : undefined);

  const published = firstDate([item.pubDate, ...(item.dc?.dates ?? [])]);
  const updated = parseFeedDate(item.atom?.updated ?? item.dcterms?.modified?.[0]);
  const { problems, ...dates } = articleDates(published, updated);

  const byline = (names: string[] | undefined): PersonRef[] => (names ?? []).map((name) => ({ name }));
  const authors = pickAuthors(
    [
      byline(item.dc?.creators),
      (item.authors ?? []).map((a) => ({ name: a.name, url: a.link })),
      byline(feed.dc?.creators),
      feed.managingEditor ? [{ name: feed.managingEditor.name, url: feed.managingEditor.link }] : [],
      [{ name: feed.title }],
      [{ name: hostOf(url) }],
    ],
    url,
  );

  const media = mediaRssImages(item.media);
  const image = pickImage([...media.contents, ...imageEnclosures(item.enclosures), ...media.thumbnails], url);
  const sourceUrl = absoluteHttpUrl(item.source?.url);
  const sourceName = htmlToText(item.source?.title ?? '') || hostOf(sourceUrl);
  const id = key ? importId(key) : undefined;

  return finishEntry({
    entry: guid ?? url ?? item.link ?? position,
    id,
    problems,
    article: {
      slug: id && slugFor(url, title, id),
      title,
      summary: encoded && description ? summaryText(description, SUMMARY_MAX) : undefined,
      contentHtml: body ? sanitizeBodyHtml(asHtmlBody(body), url ?? feedLink ?? '') : undefined,
      authors,
      ...dates,
      status: 'published',
      categories: cleanTerms((item.categories ?? []).map((c) => c.name)),
      language: pickLanguage([
        item.dc?.languages?.[0],
        item.xml?.lang,
        defaults.language,
        feed.language,
        feed.dc?.languages?.[0],
        feed.xml?.lang,
      ]),
      url,
      image,
      source: sourceName ? { name: sourceName, url: sourceUrl } : undefined,
    },
  });
}

export function mapRssFeed(feed: RssLikeFeed, defaults: ImportDefaults): MappedEntry[] {
  return (feed.items ?? []).map((item, index) => mapItem(item, index + 1, feed, defaults));
}
