import type { Article } from '../articles/article';
import type { FeedScope, NamedScope } from '../feeds/scope';

/**
 * The port services use; `DynamoArticleStore` is the adapter. Services never see
 * DynamoDB types.
 */

/** What a feed knows about itself without reading its entries. */
export interface FeedHead {
  scope: NamedScope;
  /** The newest write that touched this feed (publish, correction or removal), UTC ISO. */
  changedAt: string;
  /** Goes up with every change to the feed, however close together. */
  version: number;
  /** Publication instants of scheduled entries, ascending; some may already be past. */
  scheduled: string[];
  /**
   * Publication instant of the feed's oldest entry, scheduled ones included: the feed
   * has something published once this is past. null: no entries. undefined: a head
   * written before this was recorded (treated as published).
   */
  liveFrom?: string | null;
  /** The feed had something published at some time (it answers, empty, after its articles are gone). */
  wasPublic: boolean;
}

export interface StoredArticle {
  article: Article;
  /** Increments on every write; optimistic concurrency compares it. */
  revision: number;
  /** A write of this revision has not reached every feed yet (its writer died or is still going). */
  pending?: boolean;
}

export interface ArticlePage {
  articles: Article[];
  /** Opaque; present when there may be more. */
  cursor?: string;
}

export interface FeedPageQuery {
  limit: number;
  now: Date;
  /** Only entries older than this position (`FeedEntry.position`): the next page. */
  before?: string;
  /** Only entries newer than this position: the previous page. */
  after?: string;
  /** Only entries published after this instant. */
  since?: Date;
}

/** A live article with its place in the feed, which paging cursors point at. */
export interface FeedEntry {
  article: Article;
  /** Opaque within the store: where this entry sorts in its feed. */
  position: string;
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
  getFeedHead(scope: FeedScope): Promise<FeedHead | undefined>;
  listFeedHeads(): Promise<FeedHead[]>;
  /** Live entries in the scope, newest first, at most `limit`, between the query's bounds. */
  queryFeed(scope: FeedScope, query: FeedPageQuery): Promise<FeedEntry[]>;
  /** Articles with this status (drafts too), most recently changed first; `cursor` continues a listing. */
  listArticles(status: Article['status'], page: { limit: number; cursor?: string }): Promise<ArticlePage>;
  /** Finishes any write a dead writer left halfway. Returns how many it repaired. */
  repairPending(now: Date): Promise<number>;
}
