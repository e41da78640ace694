import { createHash } from 'node:crypto';
import { ValidationError } from '../errors';
import { fieldIssues } from '../zod-issues';
import { type Article, ArticleInputSchema, type ParsedArticleInput } from './article';
import { articleUrl } from './article-url';
import { assertJsonDepth } from './json-depth';
import { plainText } from './normalize';
import { authorSlug, slugify } from './slug';
import type { SlugRegistry } from './slug-registry';
import { deepStripNonXmlChars } from './xml-chars';

/**
 * Publishing with what an editor knows: a title and a body. Every other field an
 * article needs is derived when it is left out, and what the publisher gives always
 * wins. A replaced article keeps the values it has (its slug, URL and date stay put
 * when a correction leaves them out); only a new one gets fresh derivations:
 *
 * | field         | derived from                                                        |
 * |---------------|---------------------------------------------------------------------|
 * | `slug`        | the title (slugify), made unique with -2, -3 … (claimed atomically) |
 * | `authors`     | the site's name as the byline; an author's `slug` from the name     |
 * | `publishedAt` | now (a draft published later gets the moment it is published)       |
 * | `language`    | SITE_LANGUAGE                                                       |
 * | `url`         | ARTICLE_URL_TEMPLATE, default `{siteUrl}/{slug}`                    |
 */

export interface ArticleDefaults {
  /** The publisher's website. */
  siteUrl: string;
  /** The byline of an article published without authors: the publication's name. */
  siteName: string;
  language: string;
  urlTemplate: string;
}

/** The defaults a site's configuration gives. */
export function articleDefaults(site: {
  url: string;
  title: string;
  language: string;
  articleUrlTemplate: string;
}): ArticleDefaults {
  return {
    siteUrl: site.url,
    siteName: site.title,
    language: site.language,
    urlTemplate: site.articleUrlTemplate,
  };
}

export interface DeriveContext {
  id: string;
  now: Date;
  defaults: ArticleDefaults;
  slugs: SlugRegistry;
  /** The stored article this input replaces, if any. */
  previous?: Article;
}

export interface Derived {
  /** A complete article input, ready for `normalizeArticle`. */
  input: ParsedArticleInput & Pick<Article, 'slug' | 'authors' | 'publishedAt' | 'language' | 'url'>;
  /** JSON pointers of the fields that were derived, e.g. `/slug`, `/authors/0/slug`. */
  derived: string[];
}

/** Derived slugs tried before falling back to one made unique by the id. */
const MAX_SLUG_TRIES = 20;
const MAX_SLUG = 100;

function withSuffix(base: string, suffix: string): string {
  return `${base.slice(0, MAX_SLUG - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
}

/** `base`, else `base-2`, `base-3` …: the first one no other article holds. */
async function uniqueSlug(base: string, id: string, slugs: SlugRegistry): Promise<string> {
  for (let n = 1; n <= MAX_SLUG_TRIES; n++) {
    const candidate = n === 1 ? base : withSuffix(base, String(n));
    if (await slugs.claimSlug(candidate, id)) return candidate;
  }
  // Twenty stories with one title: the id decides, and no other article has this id.
  const candidate = withSuffix(base, createHash('sha256').update(id).digest('hex').slice(0, 10));
  await slugs.claimSlug(candidate, id);
  return candidate;
}

export function parseArticleInput(input: unknown): ParsedArticleInput {
  assertJsonDepth(input);
  const parsed = ArticleInputSchema.safeParse(deepStripNonXmlChars(input));
  if (!parsed.success) {
    throw new ValidationError('The article is not valid.', fieldIssues(parsed.error, 'body'));
  }
  return parsed.data;
}

/** Fills what `a` (checked by `parseArticleInput`) leaves out; claims a derived slug. */
export async function deriveArticle(a: ParsedArticleInput, ctx: DeriveContext): Promise<Derived> {
  const { id, now, defaults, slugs, previous } = ctx;
  const derived: string[] = [];
  const keep = <T>(field: string, given: T | undefined, stored: T | undefined, fresh: () => T): T => {
    if (given !== undefined) return given;
    if (stored !== undefined) return stored;
    derived.push(`/${field}`);
    return fresh();
  };

  type GivenAuthors = NonNullable<ParsedArticleInput['authors']>;
  const byline = (): GivenAuthors => [{ name: defaults.siteName }];
  const authors = keep<GivenAuthors>('authors', a.authors, previous?.authors, byline).map((author, i) => {
    if (author.slug) return { ...author, slug: author.slug };
    if (!derived.includes('/authors')) derived.push(`/authors/${i}/slug`);
    return { ...author, slug: authorSlug(plainText(author.name)) };
  });
  // A draft's date is a placeholder: the article is published when it is first published.
  const storedDate =
    previous?.status === 'published' || a.status === 'draft' ? previous?.publishedAt : undefined;
  const publishedAt = keep('publishedAt', a.publishedAt, storedDate, () => now.toISOString());
  const language = keep('language', a.language, previous?.language, () => defaults.language);

  let slug: string;
  if (a.slug !== undefined) {
    slug = a.slug;
    // A given slug is the publisher's and is kept even if taken; claiming it steers derived ones away.
    if (slug !== previous?.slug) await slugs.claimSlug(slug, id);
  } else if (previous) {
    slug = previous.slug;
  } else {
    derived.push('/slug');
    slug = await uniqueSlug(slugify(plainText(a.title)) || slugify(id), id, slugs);
  }
  // A new slug means a new derived URL; an unchanged one keeps the stored URL.
  const storedUrl = slug === previous?.slug ? previous.url : undefined;
  const url = keep('url', a.url, storedUrl, () =>
    articleUrl(defaults.urlTemplate, { siteUrl: defaults.siteUrl, slug, id, publishedAt }),
  );
  return { input: { ...a, id, slug, authors, publishedAt, language, url }, derived };
}
