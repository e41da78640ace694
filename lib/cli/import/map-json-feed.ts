import type { JsonFeed } from 'feedsmith';
import { sanitizeBodyHtml } from '../../articles/normalize';
import {
  absoluteHttpUrl,
  articleDates,
  cleanTerms,
  firstDate,
  hostOf,
  parseFeedDate,
  pickAuthors,
  pickLanguage,
} from './fields';
import { importId, slugFor } from './identity';
import { type ImageCandidate, isImageType, pickImage } from './image';
import { finishEntry, type ImportDefaults, type MappedEntry } from './mapped-entry';
import { asHtmlBody, htmlToText, textToHtml, truncateWords } from './text';

/** JSON Feed 1.0 and 1.1 → articles (feedsmith reads 1.0's `author` into `authors`). */

type Item = JsonFeed.Item<string>;
type Feed = JsonFeed.Feed<string>;

const SUMMARY_MAX = 4_000;
const DERIVED_TITLE_MAX = 140;

function images(item: Item): ImageCandidate[] {
  const attachments = (item.attachments ?? [])
    .filter((a) => isImageType(a.mime_type))
    .map((a) => ({ url: a.url, type: a.mime_type, length: a.size_in_bytes }));
  return [{ url: item.image }, ...attachments, { url: item.banner_image }];
}

function mapItem(item: Item, position: number, feed: Feed, defaults: ImportDefaults): MappedEntry {
  const home = absoluteHttpUrl(feed.home_page_url);
  const url = absoluteHttpUrl(item.url, home) ?? absoluteHttpUrl(item.external_url, home);
  const itemId = item.id === undefined || item.id === null ? undefined : String(item.id).trim() || undefined;
  const key = itemId ?? url;

  // JSON Feed 1.1: `summary` is plain text; `content_html` and `content_text` are the body.
  const content =
    item.content_html?.trim() || (item.content_text?.trim() ? textToHtml(item.content_text) : undefined);
  const summary = item.summary?.trim() || undefined;
  const body = content ?? (summary ? textToHtml(summary) : undefined);
  const title =
    item.title?.replace(/\s+/g, ' ').trim() ||
    (body ? truncateWords(summary ?? htmlToText(body), DERIVED_TITLE_MAX) : undefined);

  const published = firstDate([item.date_published, item.date_modified]);
  const { problems, ...dates } = articleDates(published, parseFeedDate(item.date_modified));

  const authors = pickAuthors(
    [item.authors ?? [], feed.authors ?? [], [{ name: feed.title }], [{ name: hostOf(url) }]],
    url,
  );
  const id = key ? importId(key) : undefined;

  return finishEntry({
    entry: itemId ?? url ?? position,
    id,
    problems,
    article: {
      slug: id && slugFor(url, title, id),
      title,
      summary: content && summary ? truncateWords(summary.replace(/\s+/g, ' '), SUMMARY_MAX) : undefined,
      contentHtml: body ? sanitizeBodyHtml(asHtmlBody(body), url ?? home ?? '') : undefined,
      authors,
      ...dates,
      status: 'published',
      tags: cleanTerms(item.tags ?? []),
      language: pickLanguage([item.language, defaults.language, feed.language]),
      url,
      image: pickImage(images(item), url),
    },
  });
}

export function mapJsonFeed(feed: Feed, defaults: ImportDefaults): MappedEntry[] {
  return (feed.items ?? []).map((item, index) => mapItem(item, index + 1, feed, defaults));
}
