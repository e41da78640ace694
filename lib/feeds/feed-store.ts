import type { Article } from '../articles/article';
import type { Cursor } from '../cursor';
import type { FeedScope, NamedScope } from './scope';

/**
 * What the feeds read of a store: each feed's head (its validators' inputs) and its live
 * entries, newest first. `DynamoArticleStore` (lib/store) is the adapter; services never
 * see DynamoDB types.
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

export interface FeedPageQuery {
  limit: number;
  now: Date;
  /**
   * Only entries older than this entry (a `FeedEntry.position`, or a client's `before`):
   * the next page. A cursor the store did not give out is a 400 naming `before`.
   */
  before?: Cursor;
  /** Only entries newer than this entry: the previous page (a 400 naming `after` as above). */
  after?: Cursor;
  /** Only entries published after this instant. */
  since?: Date;
}

/** A live article with its place in the feed, which paging cursors point at. */
export interface FeedEntry {
  article: Article;
  /** Where this entry sorts in its feed: the cursor of the page after (or before) it. */
  position: Cursor;
}

export interface FeedStore {
  /**
   * Throws the 400 naming `before` or `after` for a cursor this store did not give out.
   * Called before any validator is computed: a request whose unconditional answer is an
   * error never gets a 304 (RFC 9110 §13.2.1); `queryFeed` would only refuse it later.
   */
  checkCursors(query: Pick<FeedPageQuery, 'before' | 'after'>): void;
  getFeedHead(scope: FeedScope): Promise<FeedHead | undefined>;
  listFeedHeads(): Promise<FeedHead[]>;
  /** Live entries in the scope, newest first, at most `limit`, between the query's bounds. */
  queryFeed(scope: FeedScope, query: FeedPageQuery): Promise<FeedEntry[]>;
}
