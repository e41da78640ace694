import type { CompleteArticleInput } from '../../articles/article';
import { authorSlug, slugify } from '../../articles/slug';
import type { Reason } from './mapped-entry';
import { htmlToText } from './text';

/** Field readers shared by every format's mapper. Pure: no I/O, no clock. */

/** An absolute http(s) URL, resolving `value` against `base`; anything else is `undefined`. */
export function absoluteHttpUrl(value: string | undefined, base?: string): string | undefined {
  if (!value?.trim()) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const RFC822_WITHOUT_ZONE =
  /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?$/;

/**
 * RSS dates are RFC 822 ("Tue, 10 Mar 2026 12:00:00 +0000"), Atom and JSON Feed RFC 3339.
 * A date without an offset is read as UTC, never as the importing machine's local time.
 */
export function parseFeedDate(raw: string | undefined): Date | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  const zoned = ISO_WITHOUT_OFFSET.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : RFC822_WITHOUT_ZONE.test(value)
      ? `${value} +0000`
      : value;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface DateChoice {
  date?: Date;
  /** The first value present, when none could be read: worth a reason in the rejects file. */
  unreadable?: string;
}

/** The first readable date among `candidates`, in order of preference. */
export function firstDate(candidates: Array<string | undefined>): DateChoice {
  const present = candidates.filter((c): c is string => Boolean(c?.trim()));
  for (const raw of present) {
    const date = parseFeedDate(raw);
    if (date) return { date };
  }
  return { unreadable: present[0] };
}

/** `updated` only when it is later than `published`: a correction, not the first version. */
export function laterDate(updated: Date | undefined, published: Date | undefined): Date | undefined {
  return updated && published && updated > published ? updated : undefined;
}

/**
 * `publishedAt` and `updatedAt` as RFC 3339. Without a later update, `updatedAt` is the
 * publication date: the source says nothing changed since, and the API would otherwise
 * date every imported article at the moment of the import.
 */
export function articleDates(
  published: DateChoice,
  updated: Date | undefined,
): { publishedAt?: string; updatedAt?: string; problems: Reason[] } {
  const problems: Reason[] =
    !published.date && published.unreadable
      ? [{ pointer: '/publishedAt', detail: `unreadable date "${published.unreadable}"` }]
      : [];
  const last = laterDate(updated, published.date) ?? published.date;
  return { publishedAt: published.date?.toISOString(), updatedAt: last?.toISOString(), problems };
}

/** The host name, as a last-resort name for an author or a source. */
export function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** A BCP 47 tag, canonical ("en_us" → "en-US"), or `undefined` when it is not one. */
export function canonicalLanguage(tag: string | undefined): string | undefined {
  const value = tag?.trim().replace(/_/g, '-');
  if (!value) return undefined;
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    return undefined;
  }
}

/** The first candidate that is a language tag; `en` when none is. */
export function pickLanguage(candidates: Array<string | undefined>): string {
  for (const candidate of candidates) {
    const tag = canonicalLanguage(candidate);
    if (tag) return tag;
  }
  return 'en';
}

export interface PersonRef {
  name?: string;
  url?: string;
}

type Author = CompleteArticleInput['authors'][number];

function toAuthor({ name, url }: PersonRef, base: string | undefined): Author | undefined {
  const clean = htmlToText(name ?? '');
  // RSS <author> is an e-mail address; we do not publish reporters' addresses as names.
  if (!clean || /^\S+@\S+\.\S+$/.test(clean)) return undefined;
  const slug = authorSlug(clean);
  const href = absoluteHttpUrl(url, base);
  return href ? { name: clean, slug, url: href } : { name: clean, slug };
}

/**
 * The first list of candidates that yields at least one author (the entry's own, then the
 * feed's, then the feed's title…), without duplicate slugs. Empty only when every list is.
 */
export function pickAuthors(candidates: PersonRef[][], base: string | undefined): Author[] {
  for (const people of candidates) {
    const authors = new Map<string, Author>();
    for (const person of people) {
      const author = toAuthor(person, base);
      if (author && !authors.has(author.slug)) authors.set(author.slug, author);
    }
    if (authors.size > 0) return [...authors.values()];
  }
  return [];
}

/**
 * Category and tag names: entities decoded, trimmed, duplicates dropped. A name with no
 * letter or digit cannot become a feed URL (the API refuses it), so it is left out.
 */
export function cleanTerms(names: Array<string | undefined>): string[] {
  const terms = names.map((name) => htmlToText(name ?? '')).filter((name) => slugify(name) !== '');
  return [...new Set(terms)];
}
