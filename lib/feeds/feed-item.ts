import type { Article } from '../articles/article';
import { textOfSanitizedHtml } from '../articles/html-text';
import { slugify } from '../articles/slug';
import type { SiteConfig } from '../config';
import { type Audience, PUBLIC, taggedLink } from './audience';
import type { FeedItem, FeedTopic } from './feed';
import { SCOPE_PATHS } from './scope';

const SUMMARY_FALLBACK_LENGTH = 280;

/** RFC 4151 tag URI: stable however the article's URL or title changes. */
export function articleTagUri(site: SiteConfig, id: string): string {
  return `tag:${site.tagAuthority}:article:${id}`;
}

/** A format-neutral feed item from a stored article. */
export function toFeedItem(article: Article, site: SiteConfig, audience: Audience = PUBLIC): FeedItem {
  const topic = (kind: FeedTopic['kind'], label: string): FeedTopic => ({
    kind,
    label,
    term: slugify(label),
    scheme: `${site.publicBaseUrl}/${SCOPE_PATHS[kind]}/`,
  });
  // Third-party copy is excerpt-only for everyone; an excerpt-level audience gets only excerpts.
  const excerptOnly = article.rights === 'excerpt' || audience.level === 'excerpt';
  return {
    id: articleTagUri(site, article.id),
    url: taggedLink(article.url, audience.utm),
    title: article.title,
    summary: article.summary || textExcerpt(article.contentHtml, excerptOnly),
    contentHtml: excerptOnly || !article.contentHtml ? undefined : article.contentHtml,
    published: new Date(article.publishedAt),
    // A correction never dates before the article itself.
    updated: new Date(Math.max(Date.parse(article.updatedAt), Date.parse(article.publishedAt))),
    authors: article.authors.map((a) => ({ name: a.name, url: a.url })),
    topics: [
      ...article.categories.map((c) => topic('category', c)),
      ...article.tags.map((t) => topic('tag', t)),
    ],
    language: article.language,
    image: article.image,
    source: article.source,
    rights: article.source ? `© ${article.source.name}. All rights reserved.` : undefined,
    related: article.related,
  };
}

/** A plain-text opening for articles without a dek (text: renderers escape it). Excerpt-only articles get none of the body. */
function textExcerpt(html: string, excerptOnly: boolean): string {
  if (excerptOnly) return '';
  const text = textOfSanitizedHtml(html);
  if (text.length <= SUMMARY_FALLBACK_LENGTH) return text;
  return `${text.slice(0, SUMMARY_FALLBACK_LENGTH).replace(/\s+\S*$/, '')}…`;
}
