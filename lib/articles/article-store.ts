import type { Cursor } from '../cursor';
import type { Article } from './article';

/**
 * What publishing needs of a store: articles by id, written and removed with every feed
 * they are in kept in step. `DynamoArticleStore` (lib/store) is the adapter; the feeds
 * read through `FeedStore` (lib/feeds/feed-store.ts), which it implements too.
 */

export interface StoredArticle {
  article: Article;
  /** Increments on every write; optimistic concurrency compares it. */
  revision: number;
  /** A write of this revision has not reached every feed yet (its writer died or is still going). */
  pending?: boolean;
}

export interface ArticlePage {
  articles: Article[];
  /** Where the next page starts; present when there may be more. */
  cursor?: Cursor;
}

export interface ArticleStore {
  getArticle(id: string): Promise<StoredArticle | undefined>;
  /**
   * Stores the article and converges every feed it is in (or leaves) to match.
   * `expectedRevision`: fail with a conflict unless the stored revision is this
   * (0 = must not exist).
   */
  saveArticle(article: Article, now: Date, expectedRevision?: number): Promise<StoredArticle>;
  /** Removes the article from the store and from every feed. Returns false when absent. */
  deleteArticle(id: string, now: Date): Promise<boolean>;
  /**
   * Articles with this status (drafts too), most recently changed first; `cursor` continues
   * a listing (one the store did not give out is a 400 naming `cursor`).
   */
  listArticles(status: Article['status'], page: { limit: number; cursor?: Cursor }): Promise<ArticlePage>;
  /**
   * Finishes any write a dead writer left halfway, if it began at least `minAgeMs`
   * before `now` (younger ones are most likely still under way). @default minAgeMs 0
   */
  repairPending(now: Date, minAgeMs?: number): Promise<PendingRepair>;
}

/** What one repair run found and did. */
export interface PendingRepair {
  /** Unfinished writes found (repaired or left as too young). */
  found: number;
  repaired: number;
  /** Age of the oldest unfinished write found, in whole seconds; 0 when none. */
  oldestAgeSeconds: number;
}
