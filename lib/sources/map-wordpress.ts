import { sanitizeBodyHtml } from '../articles/normalize';
import {
  absoluteHttpUrl,
  articleDates,
  cleanTerms,
  firstDate,
  parseFeedDate,
  pickAuthors,
} from '../cli/import/fields';
import { importId, slugFor } from '../cli/import/identity';
import { pickImage } from '../cli/import/image';
import { finishEntry, type MappedEntry } from '../cli/import/mapped-entry';
import { htmlToText, summaryText } from '../cli/import/text';

/**
 * WordPress's REST API (`/wp-json/wp/v2/posts?_embed`) → articles. It says more than the
 * site's RSS: every category and tag by taxonomy, authors with their pages, the featured
 * image with its caption and credit, and each post's status. Ids come from the post's
 * `guid` (`https://site/?p=123`), the very guid WordPress puts in its RSS, so a post
 * imported from the RSS export and then followed here is the same article.
 */

interface Rendered {
  rendered?: string;
}

interface WpTerm {
  name?: string;
  taxonomy?: string;
}

interface WpMedia {
  source_url?: string;
  mime_type?: string;
  alt_text?: string;
  caption?: Rendered;
  media_details?: { width?: number; height?: number; filesize?: number; image_meta?: { credit?: string } };
}

export interface WpPost {
  id?: number;
  guid?: Rendered;
  link?: string;
  slug?: string;
  status?: string;
  date_gmt?: string;
  modified_gmt?: string;
  title?: Rendered;
  content?: Rendered;
  excerpt?: Rendered;
  _embedded?: {
    author?: Array<{ name?: string; link?: string }>;
    'wp:term'?: WpTerm[][];
    'wp:featuredmedia'?: WpMedia[];
  };
}

/** Is this JSON a WordPress posts listing? */
export function isWordPressPosts(value: unknown): value is WpPost[] {
  return (
    Array.isArray(value) &&
    value.every((p) => p !== null && typeof p === 'object' && 'guid' in p && 'title' in p && 'link' in p)
  );
}

export interface WordPressMapping {
  entries: MappedEntry[];
  /** Ids of posts the site marks as no longer published (draft, private, trash…): they leave the feeds. */
  gone: string[];
}

export function mapWordPressPosts(posts: WpPost[], language: string | undefined): WordPressMapping {
  const entries: MappedEntry[] = [];
  const gone: string[] = [];
  posts.forEach((post, index) => {
    const key = post.guid?.rendered?.trim() || post.link;
    const id = key ? importId(key) : undefined;
    if (id && post.status !== undefined && post.status !== 'publish') {
      gone.push(id);
      return;
    }
    const url = absoluteHttpUrl(post.link);
    const title = htmlToText(post.title?.rendered ?? '');
    const terms = (post._embedded?.['wp:term'] ?? []).flat();
    const byTaxonomy = (taxonomy: string) =>
      cleanTerms(terms.filter((t) => t.taxonomy === taxonomy).map((t) => t.name));
    const media = post._embedded?.['wp:featuredmedia']?.[0];
    const image = media?.source_url
      ? pickImage(
          [
            {
              url: media.source_url,
              type: media.mime_type,
              width: media.media_details?.width,
              height: media.media_details?.height,
              alt: media.alt_text,
              caption: media.caption?.rendered,
              credit: media.media_details?.image_meta?.credit,
            },
          ],
          url,
        )
      : undefined;
    // WordPress's *_gmt fields are UTC without an offset; parseFeedDate reads them as UTC.
    const { problems, ...dates } = articleDates(firstDate([post.date_gmt]), parseFeedDate(post.modified_gmt));
    entries.push(
      finishEntry({
        entry: key ?? index + 1,
        id,
        problems,
        article: {
          slug: id && (post.slug ? slugFor(`https://x/${post.slug}`, title, id) : slugFor(url, title, id)),
          title,
          summary: post.excerpt?.rendered ? summaryText(post.excerpt.rendered, 4_000) : undefined,
          contentHtml: post.content?.rendered
            ? sanitizeBodyHtml(post.content.rendered, url ?? '')
            : undefined,
          authors: pickAuthors(
            [
              (post._embedded?.author ?? []).map((a) => ({ name: a.name, url: a.link })),
              [{ name: url && new URL(url).hostname }],
            ],
            url,
          ),
          ...dates,
          status: 'published',
          categories: byTaxonomy('category'),
          tags: byTaxonomy('post_tag'),
          language: language ?? 'en',
          url,
          image,
        },
      }),
    );
  });
  return { entries, gone };
}
