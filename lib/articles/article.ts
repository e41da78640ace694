import * as z from 'zod';
import { slugify } from './slug';

/**
 * The article model, in the publisher's words. `ArticleInputSchema` is what a
 * newsroom sends (only a title is required: see derive.ts for the rest);
 * `ArticleSchema` is a complete article, and `Article` what is stored after
 * `normalizeArticle`.
 */

const LIMITS = {
  title: 500,
  summary: 4_000,
  contentHtml: 200_000,
  name: 200,
  caption: 2_000,
  list: 50,
} as const;

/**
 * A web link: an absolute http(s) URL (not relative, not `javascript:` or `data:`), stored
 * as the WHATWG URL Standard serializes it — scheme and host lowercase, an international
 * host as punycode, the default port dropped, the path percent-encoded — so one link is
 * always stored, compared and published one way. A user name or password is refused: the
 * link is published in every feed.
 */
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .max(2_048)
  .transform((value, ctx) => {
    const url = new URL(value);
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password' });
      return z.NEVER;
    }
    return url.href;
  });

/** RFC 3339 date-time with an offset (`Z` or `±hh:mm`), stored as UTC ISO 8601 with milliseconds. */
const rfc3339 = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 date-time, e.g. 2026-11-26T08:00:00Z' })
  .transform((s) => new Date(s).toISOString());

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens')
  .max(100);

/** BCP 47 language tag, canonicalized (`en-gb` → `en-GB`). */
const language = z.string().transform((tag, ctx) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical) return canonical;
  } catch {
    // fall through to the issue below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag, e.g. en or fr-SN' });
  return z.NEVER;
});

const text = (max: number) => z.string().max(max);
const name = z.string().trim().min(1).max(LIMITS.name);
/** A category or tag name: it becomes a feed URL, so it needs a letter or digit. */
const term = name.refine((n) => slugify(n) !== '', 'must contain a letter or digit');

/**
 * An article id: 1–128 of RFC 3986's unreserved characters, a letter or digit first. Written
 * once: the store's sort keys and paging cursors embed it (lib/store/cursor.ts).
 */
export const ARTICLE_ID_PATTERN = '[A-Za-z0-9][A-Za-z0-9._~-]{0,127}';

export const ArticleIdSchema = z
  .string()
  .regex(new RegExp(`^${ARTICLE_ID_PATTERN}$`), 'must be 1–128 letters, digits, ".", "_", "~" or "-"');

export const AuthorSchema = z.strictObject({
  name,
  slug,
  url: httpUrl.optional(),
});

/** An author as an editor gives one: the slug comes from the name when absent. */
export const AuthorInputSchema = AuthorSchema.extend({ slug: slug.optional() });

export const ImageSchema = z.strictObject({
  url: httpUrl,
  /** MIME type, e.g. image/jpeg. */
  type: z
    .string()
    .regex(/^image\/[a-z0-9.+-]+$/, 'must be an image MIME type, e.g. image/jpeg')
    .optional(),
  width: z.number().int().positive().max(100_000).optional(),
  height: z.number().int().positive().max(100_000).optional(),
  /** Size in bytes. */
  length: z.number().int().positive().max(1_000_000_000).optional(),
  alt: text(LIMITS.caption).optional(),
  caption: text(LIMITS.caption).optional(),
  credit: text(LIMITS.name).optional(),
});

export const SourceSchema = z.strictObject({
  name,
  url: httpUrl.optional(),
});

export const RelatedLinkSchema = z.strictObject({
  title: text(LIMITS.title).min(1),
  url: httpUrl,
});

/** A complete article: what `normalizeArticle` accepts once every derivable field is filled. */
export const ArticleSchema = z.strictObject({
  id: ArticleIdSchema.optional(),
  slug,
  title: text(LIMITS.title).trim().min(1),
  summary: text(LIMITS.summary).default(''),
  contentHtml: text(LIMITS.contentHtml).default(''),
  authors: z.array(AuthorSchema).min(1).max(20),
  publishedAt: rfc3339,
  updatedAt: rfc3339.optional(),
  status: z.enum(['draft', 'published']).default('published'),
  categories: z.array(term).max(LIMITS.list).default([]),
  tags: z.array(term).max(LIMITS.list).default([]),
  language,
  url: httpUrl,
  image: ImageSchema.optional(),
  source: SourceSchema.optional(),
  /** `excerpt`: feeds carry the summary and link, never the body (e.g. wire copy we may not republish). */
  rights: z.enum(['full', 'excerpt']).default('full'),
  related: z.array(RelatedLinkSchema).max(LIMITS.list).default([]),
});

/**
 * What a newsroom sends: a complete article, or only what an editor knows. Each field
 * left out here is derived (lib/articles/derive.ts); what is given always wins.
 */
export const ArticleInputSchema = ArticleSchema.extend({
  slug: slug.optional(),
  authors: z.array(AuthorInputSchema).min(1).max(20).optional(),
  publishedAt: rfc3339.optional(),
  language: language.optional(),
  url: httpUrl.optional(),
});

export type ArticleInput = z.input<typeof ArticleInputSchema>;
/** A complete article as sent: what importers send, nothing left to derive. */
export type CompleteArticleInput = z.input<typeof ArticleSchema>;
export type ParsedArticleInput = z.output<typeof ArticleInputSchema>;
export type Author = z.output<typeof AuthorSchema>;
export type ArticleImage = z.output<typeof ImageSchema>;
export type ArticleSource = z.output<typeof SourceSchema>;
export type RelatedLink = z.output<typeof RelatedLinkSchema>;

/** A stored article: validated, normalized, with its id and both dates set. */
export type Article = Omit<z.output<typeof ArticleSchema>, 'id' | 'updatedAt'> & {
  id: string;
  updatedAt: string;
};
