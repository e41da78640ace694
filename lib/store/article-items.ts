import * as z from 'zod';
import { ARTICLE_ID_PATTERN, type Article } from '../articles/article';
import type { NamedScope } from '../feeds/scope';
import { type Item, parseItem } from './item';

/**
 * The items DynamoArticleStore writes (lib/store/keys.ts), each parsed in one function
 * here: the article item, its pending marker, feed heads, and the feed and status entries
 * (copies of the article). What is written is an `Article` already validated and
 * normalized; these check its shape, not the newsroom's rules again (limits, URL
 * normalization: an article valid when written stays readable).
 */

const optionalText = z.string().optional();

/** An `Article` as stored. Fields with a default in ArticleSchema get it here too. */
const StoredArticleSchema = z.object({
  id: z.string().regex(new RegExp(`^${ARTICLE_ID_PATTERN}$`)),
  slug: z.string(),
  title: z.string(),
  summary: z.string().default(''),
  contentHtml: z.string().default(''),
  authors: z.array(z.object({ name: z.string(), slug: z.string(), url: optionalText })),
  publishedAt: z.string(),
  updatedAt: z.string(),
  status: z.enum(['draft', 'published']),
  categories: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  language: z.string(),
  url: z.string(),
  image: z
    .object({
      url: z.string(),
      type: optionalText,
      width: z.number().optional(),
      height: z.number().optional(),
      length: z.number().optional(),
      alt: optionalText,
      caption: optionalText,
      credit: optionalText,
    })
    .optional(),
  source: z.object({ name: z.string(), url: optionalText }).optional(),
  rights: z.enum(['full', 'excerpt']).default('full'),
  related: z.array(z.object({ title: z.string(), url: z.string() })).default([]),
}) satisfies z.ZodType<Article>;

const NamedScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('site'), name: z.string() }),
  z.object({ kind: z.enum(['category', 'tag', 'author']), slug: z.string(), name: z.string() }),
]) satisfies z.ZodType<NamedScope>;

const KeySchema = z.object({ pk: z.string(), sk: z.string() });

/** ARTICLE#{id} / ARTICLE: the article and the feed entries its revision owns or still owes. */
const ArticleItemSchema = KeySchema.extend({
  article: StoredArticleSchema,
  revision: z.number().int(),
  /** Feeds this revision belongs to (none for drafts and deleted articles). */
  scopes: z.array(NamedScopeSchema),
  /** Entries of earlier revisions still to delete. */
  stale: z.array(KeySchema),
  deleted: z.boolean().optional(),
  /** Set until every feed agrees with this revision. */
  pending: z.boolean().optional(),
});

export type ArticleItem = z.output<typeof ArticleItemSchema>;

export function articleFromItem(item: Item): ArticleItem {
  return parseItem('article', ArticleItemSchema, item);
}

/** PENDING / {id}: a write under way, or one whose writer died (`repairPending` finishes it). */
const PendingMarkerSchema = KeySchema.extend({
  revision: z.number().int(),
  /** When the write began (UTC ISO); absent on markers written before it was recorded. */
  at: z.string().optional(),
});

export type PendingMarker = z.output<typeof PendingMarkerSchema>;

export function pendingMarkerFromItem(item: Item): PendingMarker {
  return parseItem('pending marker', PendingMarkerSchema, item);
}

/** SCOPES / {scope}: what a feed knows about itself (lib/feeds/feed-store.ts `FeedHead`). */
const FeedHeadItemSchema = KeySchema.extend({
  scope: NamedScopeSchema,
  changedAt: z.string(),
  /** Absent until the first `ADD version` lands (a head is created by that same update). */
  version: z.number().int().optional(),
  /** Publication instants of the feed's scheduled entries (a string set; past ones are ignored). */
  scheduled: z.set(z.string()).optional(),
  /** Publication instant of the oldest entry, null when there is none (see `recordLiveFrom`). */
  liveFrom: z.string().nullable().optional(),
  wasPublic: z.boolean().optional(),
});

export type FeedHeadItem = z.output<typeof FeedHeadItemSchema>;

export function feedHeadFromItem(item: Item): FeedHeadItem {
  return parseItem('feed head', FeedHeadItemSchema, item);
}

/** FEED#{scope} / {publishedAt}#{id}: a published copy of the article where it sorts (read as `sk, article`). */
const FeedEntryItemSchema = z.object({ sk: z.string(), article: StoredArticleSchema });

export function feedEntryFromItem(item: Item): { sk: string; article: Article } {
  return parseItem('feed entry', FeedEntryItemSchema, item);
}

/** STATUS#{status} / {updatedAt}#{id}: the editors' list, a copy of the article (read as `article`). */
const StatusEntryItemSchema = z.object({ article: StoredArticleSchema });

export function statusEntryFromItem(item: Item): Article {
  return parseItem('status entry', StatusEntryItemSchema, item).article;
}
