import sanitizeHtml from 'sanitize-html';
import { ValidationError } from '../errors';
import { fieldIssues } from '../zod-issues';
import { type Article, ArticleSchema } from './article';
import { assertJsonDepth } from './json-depth';
import { deepStripNonXmlChars } from './xml-chars';

/**
 * Everything stored goes through `normalizeArticle`: XML-forbidden characters are
 * stripped from every string, plain-text fields keep their text (whitespace collapsed), the body is
 * sanitized with an allowlist and its relative URLs made absolute against the article URL.
 */

const URL_ATTRIBUTES: Record<string, string> = { a: 'href', img: 'src' };

function absolutize(value: string | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return undefined;
  }
}

function sanitizeOptions(baseUrl: string): sanitizeHtml.IOptions {
  const transformTags: sanitizeHtml.IOptions['transformTags'] = {};
  for (const [tag, attribute] of Object.entries(URL_ATTRIBUTES)) {
    transformTags[tag] = (tagName, attribs) => {
      const { [attribute]: raw, ...rest } = attribs;
      const absolute = absolutize(raw, baseUrl);
      return { tagName, attribs: absolute ? { ...rest, [attribute]: absolute } : rest };
    };
  }
  return {
    // What a news body needs and nothing that runs: no script/style/iframe/object/embed/form.
    allowedTags: [
      'p',
      'br',
      'hr',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'blockquote',
      'q',
      'cite',
      'ul',
      'ol',
      'li',
      'dl',
      'dt',
      'dd',
      'a',
      'strong',
      'em',
      'b',
      'i',
      'u',
      's',
      'sub',
      'sup',
      'small',
      'abbr',
      'code',
      'pre',
      'figure',
      'figcaption',
      'img',
      'table',
      'caption',
      'thead',
      'tbody',
      'tfoot',
      'tr',
      'th',
      'td',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'hreflang'],
      img: ['src', 'alt', 'width', 'height', 'title'],
      abbr: ['title'],
      th: ['scope', 'colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
      blockquote: ['cite'],
      q: ['cite'],
      '*': ['lang', 'dir'],
    },
    // No javascript:, data:, vbscript: … and no protocol-relative tricks.
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags,
    // An image whose only source was unsafe (data:, javascript:) is dropped, not left empty.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  };
}

export function sanitizeBodyHtml(html: string, baseUrl: string): string {
  return sanitizeHtml(html, sanitizeOptions(baseUrl)).trim();
}

/**
 * Plain-text fields (titles, summaries, names, captions) keep the text that was sent —
 * "why a<b and c>d matter" stays so — with whitespace runs collapsed. They are text,
 * never markup: every renderer escapes them for its context (XML escaping, and HTML
 * escaping where a format reads the field as HTML, e.g. RSS `<description>`), so
 * tag-shaped text cannot become a tag anywhere (docs/decisions.md).
 */
export function plainText(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function plainOptional(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return plainText(value) || undefined;
}

export const MAX_ARTICLE_BYTES = 350_000;

export interface NormalizeContext {
  /** Used when the input has no id (new article). */
  newId: () => string;
  now: Date;
}

/**
 * Validates and normalizes untrusted input into a storable `Article`.
 * Throws `ValidationError` naming each offending field by JSON pointer.
 */
export function normalizeArticle(input: unknown, ctx: NormalizeContext): Article {
  assertJsonDepth(input);
  const parsed = ArticleSchema.safeParse(deepStripNonXmlChars(input));
  if (!parsed.success) {
    throw new ValidationError('The article is not valid.', fieldIssues(parsed.error, 'body'));
  }
  const a = parsed.data;
  const title = plainText(a.title);
  if (!title)
    throw new ValidationError('The article is not valid.', [
      { pointer: '/title', detail: 'must contain text' },
    ]);
  const uniq = (values: string[]) => [...new Set(values.map(plainText).filter(Boolean))];
  const article: Article = {
    id: a.id ?? ctx.newId(),
    slug: a.slug,
    title,
    summary: plainText(a.summary),
    contentHtml: sanitizeBodyHtml(a.contentHtml, a.url),
    authors: a.authors.map((au) => ({ ...au, name: plainText(au.name) || au.slug })),
    publishedAt: a.publishedAt,
    updatedAt: a.updatedAt ?? ctx.now.toISOString(),
    status: a.status,
    categories: uniq(a.categories),
    tags: uniq(a.tags),
    language: a.language,
    url: a.url,
    image: a.image && {
      ...a.image,
      alt: plainOptional(a.image.alt),
      caption: plainOptional(a.image.caption),
      credit: plainOptional(a.image.credit),
    },
    source: a.source && { ...a.source, name: plainText(a.source.name) || 'Unknown source' },
    rights: a.rights,
    related: a.related.map((r) => ({ ...r, title: plainText(r.title) || r.url })),
  };
  // Each feed entry is a copy of the article: it must fit DynamoDB's 400 KB item limit with room for keys.
  const bytes = Buffer.byteLength(JSON.stringify(article));
  if (bytes > MAX_ARTICLE_BYTES) {
    throw new ValidationError('The article is too large.', [
      {
        pointer: '/contentHtml',
        detail: `the article is ${bytes} bytes once stored; at most ${MAX_ARTICLE_BYTES}`,
      },
    ]);
  }
  return article;
}
