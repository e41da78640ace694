import type { AtomFeed } from 'feedsmith';
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
import { asHtmlBody, htmlToText, summaryText, textToHtml, truncateWords } from './text';

/** Atom 1.0 (RFC 4287) → articles. */

type Entry = AtomFeed.Entry<string>;
type Feed = AtomFeed.Feed<string>;
type Link = AtomFeed.Link<string>;

const SUMMARY_MAX = 4_000;
const DERIVED_TITLE_MAX = 140;
const RELATED_MAX = 50;

/** RFC 4287 §3.1.1: `type` is text (the default), html or xhtml. */
const isMarkup = (type: string | undefined) =>
  type === 'html' || type === 'xhtml' || /html/i.test(type ?? '');

/** An Atom text construct as plain text. */
function plain(text: AtomFeed.Text | undefined): string {
  if (!text?.value) return '';
  return isMarkup(text.type) ? htmlToText(text.value) : text.value.replace(/\s+/g, ' ').trim();
}

/** An Atom text construct or content as HTML; out-of-line content (`src`) has none. */
function html(text: AtomFeed.Content | undefined): string | undefined {
  if (!text?.value?.trim() || text.src) return undefined;
  if (isMarkup(text.type)) return text.value.trim();
  // RFC 4287 §4.1.3.3: other media types are text when they start with text/, else base64.
  return !text.type || text.type === 'text' || text.type.startsWith('text/')
    ? textToHtml(text.value)
    : undefined;
}

/** RFC 4287 §4.2.7.2: a link without `rel` is `alternate`; prefer the HTML one. */
function alternateLink(links: Link[] | undefined, base: string | undefined): string | undefined {
  const alternates = (links ?? []).filter((l) => !l.rel || l.rel === 'alternate');
  const best = alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
  return absoluteHttpUrl(best?.href, base);
}

const people = (persons: AtomFeed.Person[] | undefined): PersonRef[] =>
  (persons ?? []).map((p) => ({ name: p.name, url: p.uri }));

function enclosureImages(links: Link[] | undefined): ImageCandidate[] {
  return (links ?? [])
    .filter((l) => l.rel === 'enclosure' && isImageType(l.type))
    .map((l) => ({ url: l.href, type: l.type, length: l.length }));
}

function relatedLinks(links: Link[] | undefined, base: string | undefined) {
  const related = new Map<string, { title: string; url: string }>();
  for (const link of links ?? []) {
    const url = link.rel === 'related' ? absoluteHttpUrl(link.href, base) : undefined;
    if (url && !related.has(url)) related.set(url, { title: htmlToText(link.title ?? '') || url, url });
  }
  return [...related.values()].slice(0, RELATED_MAX);
}

function mapEntry(entry: Entry, position: number, feed: Feed, defaults: ImportDefaults): MappedEntry {
  const feedLink = alternateLink(feed.links, undefined);
  const url = alternateLink(entry.links, feedLink);
  const atomId = entry.id?.trim() || undefined;
  const key = atomId ?? url;

  const content = html(entry.content);
  const summary = html(entry.summary);
  const body = content ?? summary;
  const title =
    plain(entry.title) || (body ? truncateWords(htmlToText(summary ?? body), DERIVED_TITLE_MAX) : undefined);

  const published = firstDate([entry.published, entry.updated, ...(entry.dc?.dates ?? [])]);
  const { problems, ...dates } = articleDates(published, parseFeedDate(entry.updated));

  const authors = pickAuthors(
    [
      people(entry.authors),
      people(entry.source?.authors),
      people(feed.authors),
      [{ name: plain(feed.title) }],
      [{ name: hostOf(url) }],
    ],
    url,
  );

  const media = mediaRssImages(entry.media);
  const image = pickImage([...media.contents, ...enclosureImages(entry.links), ...media.thumbnails], url);
  const sourceUrl = alternateLink(entry.source?.links, undefined);
  const sourceName = plain(entry.source?.title) || hostOf(sourceUrl);
  const id = key ? importId(key) : undefined;

  return finishEntry({
    entry: atomId ?? url ?? position,
    id,
    problems,
    article: {
      slug: id && slugFor(url, title, id),
      title,
      summary: content && entry.summary ? summaryText(summary ?? '', SUMMARY_MAX) : undefined,
      contentHtml: body ? sanitizeBodyHtml(asHtmlBody(body), url ?? feedLink ?? '') : undefined,
      authors,
      ...dates,
      status: 'published',
      categories: cleanTerms((entry.categories ?? []).map((c) => c.label ?? c.term)),
      language: pickLanguage([
        entry.xml?.lang,
        entry.dc?.languages?.[0],
        defaults.language,
        feed.xml?.lang,
        feed.dc?.languages?.[0],
      ]),
      url,
      image,
      source: sourceName ? { name: sourceName, url: sourceUrl } : undefined,
      related: relatedLinks(entry.links, url),
    },
  });
}

export function mapAtomFeed(feed: Feed, defaults: ImportDefaults): MappedEntry[] {
  return (feed.entries ?? []).map((entry, index) => mapEntry(entry, index + 1, feed, defaults));
}
