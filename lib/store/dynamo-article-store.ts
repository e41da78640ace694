import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type QueryCommandInput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Article } from '../articles/article';
import type { ArticlePage, ArticleStore, PendingRepair, StoredArticle } from '../articles/article-store';
import type { Cursor } from '../cursor';
import { PreconditionFailedError } from '../errors';
import type { FeedEntry, FeedHead, FeedPageQuery, FeedStore } from '../feeds/feed-store';
import { type FeedScope, type NamedScope, scopeId, scopesOf } from '../feeds/scope';
import {
  type ArticleItem,
  articleFromItem,
  type FeedHeadItem,
  feedEntryFromItem,
  feedHeadFromItem,
  pendingMarkerFromItem,
  statusEntryFromItem,
} from './article-items';
import { decodeCursor, encodeCursor } from './cursor';
import { markTopicChanged } from './dynamo-websub-store';
import { HeadCache } from './head-cache';
import { type Item, sortKeyFromItem } from './item';
import {
  articleKey,
  dueBound,
  feedEntryKey,
  feedHeadKey,
  feedHeadKeyOf,
  feedPartition,
  type ItemKey,
  isFeedPartition,
  PENDING_PARTITION,
  pendingKey,
  SCOPES_PARTITION,
  statusEntryKey,
  statusPartition,
} from './keys';
import {
  type DocumentCommand,
  isConditionFailure,
  queryAll,
  queryCursorPage,
  send,
  sendConditional,
} from './send';

/**
 * DynamoDB adapter. One article write touches several items (the article, one entry
 * per feed, one head per feed) and must run on engines without transactions, so it is
 * built to converge rather than to be atomic:
 *
 * 1. a PENDING marker is written first, then the article item, which records the feed
 *    entries it should have (`entries`) and those it must lose (`stale`);
 * 2. `sync` puts each entry, deletes each stale one and bumps each touched feed head —
 *    every step idempotent and guarded by the revision, so an older writer never
 *    overwrites a newer one;
 *    and marks each touched feed as changed for the WebSub hub;
 * 3. the article's `stale` list and the marker are cleared last.
 *
 * A writer that dies anywhere leaves the marker: the next write of that article folds
 * the leftover `stale` list into its own, and `repairPending` re-runs `sync`.
 */

export interface DynamoArticleStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Display name of the site-wide feed. */
  siteTitle: string;
  /**
   * How long a feed head read stays fresh in this instance. Every feed request reads
   * its head; at polling rates most of those reads can come from memory. Writes through
   * this instance clear the cache at once; writes elsewhere show within this time.
   * @default 0 (no cache)
   */
  headCacheMs?: number;
  /** Most heads the cache keeps (unknown scopes are never kept). @default 1000 */
  headCacheEntries?: number;
  /** Monotonic milliseconds, for the head cache. @default performance.now */
  clock?: () => number;
}

export class DynamoArticleStore implements ArticleStore, FeedStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly siteTitle: string;
  private readonly heads: HeadCache;

  constructor(options: DynamoArticleStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.siteTitle = options.siteTitle;
    this.heads = new HeadCache(
      options.headCacheMs ?? 0,
      options.clock ?? (() => performance.now()),
      options.headCacheEntries,
    );
  }

  async getArticle(id: string): Promise<StoredArticle | undefined> {
    const item = await this.getArticleItem(id);
    if (!item || item.deleted) return undefined;
    return { article: item.article, revision: item.revision, pending: item.pending === true };
  }

  async saveArticle(article: Article, now: Date, expectedRevision?: number): Promise<StoredArticle> {
    const previous = await this.getArticleItem(article.id);
    const currentRevision = previous && !previous.deleted ? previous.revision : 0;
    if (expectedRevision !== undefined && expectedRevision !== currentRevision) {
      throw new PreconditionFailedError(
        `Article ${article.id} is at revision ${currentRevision}, not ${expectedRevision}.`,
      );
    }
    const scopes = article.status === 'published' ? this.named(scopesOf(article)) : [];
    const item = await this.writeArticleItem(article.id, previous, { article, scopes }, now);
    await this.sync(item, now);
    return { article, revision: item.revision };
  }

  async deleteArticle(id: string, now: Date): Promise<boolean> {
    const previous = await this.getArticleItem(id);
    if (!previous || previous.deleted) return false;
    const item = await this.writeArticleItem(
      id,
      previous,
      { article: previous.article, scopes: [], deleted: true },
      now,
    );
    await this.sync(item, now);
    return true;
  }

  checkCursors({ before, after }: Pick<FeedPageQuery, 'before' | 'after'>): void {
    if (before) decodeCursor('before', before);
    if (after) decodeCursor('after', after);
  }

  async getFeedHead(scope: FeedScope): Promise<FeedHead | undefined> {
    const key = scopeId(scope);
    const cached = this.heads.get(key);
    if (cached) return cached;
    const { Item } = await send(
      this.client,
      new GetCommand({ TableName: this.tableName, Key: feedHeadKey(scope) }),
    );
    const head = Item ? toHead(feedHeadFromItem(Item)) : undefined;
    this.heads.set(key, head);
    return head;
  }

  async listFeedHeads(): Promise<FeedHead[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SCOPES_PARTITION },
    });
    return items.map((item) => toHead(feedHeadFromItem(item)));
  }

  async queryFeed(scope: FeedScope, query: FeedPageQuery): Promise<FeedEntry[]> {
    const { limit, now, since } = query;
    const before = query.before && decodeCursor('before', query.before);
    const after = query.after && decodeCursor('after', query.after);
    const pk = feedPartition(scope);
    // Bounded above by `now` (scheduled entries sort past it) and below by `since`:
    // '$' sorts right after '#', so every entry published at `since` itself stays out.
    // Entry sort keys start with a digit, so '0' as the lower bound skips nothing.
    // Paging continues from the cursor's key, which DynamoDB excludes.
    const lo = since ? `${since.toISOString()}$` : '0';
    const hi = dueBound(now);
    // DynamoDB refuses reversed bounds and a start key outside them (a 500 once): a
    // `since` in the future, a cursor past either bound. Nothing lies beyond a cursor
    // outside the range on its far side; a cursor outside it on the near side excludes nothing.
    const cursor = after ?? before;
    if (lo > hi) return [];
    if (cursor !== undefined && (after !== undefined ? cursor >= hi : cursor <= lo)) return [];
    const start = cursor !== undefined && cursor > lo && cursor < hi ? cursor : undefined;
    const items = await this.queryAll(
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': pk, ':lo': lo, ':hi': hi },
        ScanIndexForward: after !== undefined,
        ProjectionExpression: 'sk, article',
        ExclusiveStartKey: start ? { pk, sk: start } : undefined,
      },
      limit,
    );
    const entries = items
      .map(feedEntryFromItem)
      .map((e) => ({ article: e.article, position: encodeCursor(e.sk) }));
    return after !== undefined ? entries.reverse() : entries;
  }

  async listArticles(
    status: Article['status'],
    page: { limit: number; cursor?: Cursor },
  ): Promise<ArticlePage> {
    const { items, cursor } = await queryCursorPage(
      this.client,
      { TableName: this.tableName, ScanIndexForward: false, ProjectionExpression: 'article' },
      { pk: statusPartition(status), limit: page.limit, cursor: page.cursor },
    );
    return { articles: items.map(statusEntryFromItem), cursor };
  }

  async repairPending(now: Date, minAgeMs = 0): Promise<PendingRepair> {
    // One Query on the markers' partition (never a Scan), read consistently.
    const markers = (
      await this.queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PENDING_PARTITION },
        ConsistentRead: true,
      })
    ).map(pendingMarkerFromItem);
    const age = (marker: { at?: string }) => (marker.at ? now.getTime() - Date.parse(marker.at) : undefined);
    const ages = markers.map(age).filter((a): a is number => a !== undefined && !Number.isNaN(a));
    let repaired = 0;
    for (const marker of markers) {
      // A marker without a time predates them: old enough.
      if ((age(marker) ?? minAgeMs) < minAgeMs) continue;
      const item = await this.getArticleItem(marker.sk);
      if (item) await this.sync(item, now);
      else
        await send(this.client, new DeleteCommand({ TableName: this.tableName, Key: pendingKey(marker.sk) }));
      repaired++;
    }
    return {
      found: markers.length,
      repaired,
      oldestAgeSeconds: Math.max(0, ...ages.map((a) => Math.floor(a / 1000))),
    };
  }

  private named(scopes: NamedScope[]): NamedScope[] {
    return scopes.map((s) => (s.kind === 'site' ? { ...s, name: this.siteTitle } : s));
  }

  private async getArticleItem(id: string): Promise<ArticleItem | undefined> {
    const { Item } = await send(
      this.client,
      new GetCommand({ TableName: this.tableName, Key: articleKey(id), ConsistentRead: true }),
    );
    return Item ? articleFromItem(Item) : undefined;
  }

  /** Steps 1 and 2: marker, then the article item, conditional on the revision it replaces. */
  private async writeArticleItem(
    id: string,
    previous: ArticleItem | undefined,
    next: Pick<ArticleItem, 'article' | 'scopes' | 'deleted'>,
    now: Date,
  ): Promise<ArticleItem> {
    const revision = (previous?.revision ?? 0) + 1;
    const wanted = new Set(entryKeys(next).map(keyString));
    // Everything the previous revision had or still owed, minus what this one keeps.
    const owed = [...(previous?.stale ?? []), ...(previous ? entryKeys(previous) : [])];
    const stale = uniqueKeys(owed.filter((k) => !wanted.has(keyString(k))));
    const item: ArticleItem = { ...articleKey(id), ...next, revision, stale, pending: true };
    const marker = { ...pendingKey(id), revision, at: now.toISOString() };
    await send(this.client, new PutCommand({ TableName: this.tableName, Item: marker }));
    try {
      await send(
        this.client,
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: previous ? 'revision = :prev' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: previous ? { ':prev': previous.revision } : undefined,
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The SDK retries a write whose response was lost; if the first attempt landed,
      // the retry fails its condition against our own revision. That is success.
      const landed = await this.getArticleItem(id);
      if (landed?.revision !== revision || JSON.stringify(landed.article) !== JSON.stringify(item.article)) {
        throw new PreconditionFailedError(`Article ${id} was changed by another writer; retry.`);
      }
    }
    return item;
  }

  /** Step 3: make every feed agree with `item`. Idempotent; safe to re-run after a crash. */
  private async sync(item: ArticleItem, now: Date): Promise<void> {
    this.heads.clear();
    const { article, revision } = item;
    const newer = {
      ConditionExpression: 'attribute_not_exists(pk) OR revision <= :rev',
      ExpressionAttributeValues: { ':rev': revision },
    };
    // Within a phase the writes are independent; the phases' order is what convergence needs.
    await Promise.all(
      entryKeys(item).map((key) =>
        this.ignoringNewer(
          new PutCommand({ TableName: this.tableName, Item: { ...key, revision, article }, ...newer }),
        ),
      ),
    );
    await Promise.all(
      item.stale.map((key) =>
        this.ignoringNewer(new DeleteCommand({ TableName: this.tableName, Key: key, ...newer })),
      ),
    );
    // A removal is a change too: heads of feeds the article left move forward as well.
    const touched = new Map<string, NamedScope | undefined>();
    for (const scope of item.scopes) touched.set(feedPartition(scope), scope);
    for (const key of item.stale)
      if (isFeedPartition(key.pk) && !touched.has(key.pk)) touched.set(key.pk, undefined);
    await Promise.all(
      [...touched].map(async ([partition, scope]) => {
        const head = await this.bumpHead(partition, scope, now);
        if (head) await this.recordLiveFrom(partition, head, now);
      }),
    );
    // WebSub: every touched feed's subscribers are owed its new content (lib/websub). A step
    // of this convergent write, so a writer that dies before `finish` is re-marked on repair.
    await Promise.all(
      [...touched.keys()].map((p) => markTopicChanged(this.client, this.tableName, feedHeadKeyOf(p).sk, now)),
    );
    // Heads list the feed's scheduled instants, so caches expire when the next one is due.
    const due = now.toISOString();
    await Promise.all([
      ...(article.publishedAt > due && !item.deleted
        ? item.scopes.map((scope) => this.updateScheduled(feedPartition(scope), 'ADD', article.publishedAt))
        : []),
      ...item.stale
        .filter((key) => isFeedPartition(key.pk) && key.sk > due)
        .map((key) => this.updateScheduled(key.pk, 'DELETE', key.sk.slice(0, key.sk.indexOf('#')))),
    ]);
    await this.finish(item);
    this.heads.clear();
  }

  /**
   * Marks a feed as changed: its `version` always goes up (two writes in one millisecond
   * are still two changes, and validators must see both), and `changedAt` moves forward,
   * never back. Creates the head for a new feed; a removal never invents one.
   */
  private async bumpHead(
    partition: string,
    scope: NamedScope | undefined,
    now: Date,
  ): Promise<FeedHeadItem | undefined> {
    const Key = feedHeadKeyOf(partition);
    const at = now.toISOString();
    let head: FeedHeadItem | undefined;
    try {
      const result = await send(
        this.client,
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: scope
            ? 'SET #scope = :scope, changedAt = if_not_exists(changedAt, :at) ADD version :one'
            : 'ADD version :one',
          ConditionExpression: scope ? undefined : 'attribute_exists(pk)',
          ExpressionAttributeNames: scope ? { '#scope': 'scope' } : undefined,
          ExpressionAttributeValues: scope ? { ':scope': scope, ':at': at, ':one': 1 } : { ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      head = result.Attributes && feedHeadFromItem(result.Attributes);
    } catch (error) {
      // A removal from a feed that has no head: nothing to mark.
      if (!isConditionFailure(error)) throw error;
    }
    await this.ignoringNewer(
      new UpdateCommand({
        TableName: this.tableName,
        Key,
        UpdateExpression: 'SET changedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND changedAt < :at',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    return head;
  }

  /**
   * Records when the feed's oldest entry is (was) published, so readers can tell a feed
   * with something published from one with only scheduled entries or none at all
   * (nothing about an article is public before it is due), and whether the feed was
   * ever public. Runs after this write's entries are in place, and only lands if no
   * later write bumped the head meanwhile: that writer records the newer state.
   */
  private async recordLiveFrom(partition: string, head: FeedHeadItem, now: Date): Promise<void> {
    const [oldest] = await this.queryAll(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: 'sk',
        ScanIndexForward: true,
        ConsistentRead: true,
      },
      1,
    );
    const position = oldest && sortKeyFromItem(oldest);
    const liveFrom = position ? position.slice(0, position.indexOf('#')) : null;
    const at = now.toISOString();
    const publicNow = (from: string | null | undefined) => typeof from === 'string' && from <= at;
    const wasPublic = head.wasPublic === true || publicNow(head.liveFrom) || publicNow(liveFrom);
    // Most writes leave both as they were (a new article in a feed with older ones): no write then.
    if (liveFrom === head.liveFrom && wasPublic === head.wasPublic) return;
    await this.ignoringNewer(
      new UpdateCommand({
        TableName: this.tableName,
        Key: feedHeadKeyOf(partition),
        UpdateExpression: 'SET liveFrom = :from, wasPublic = :was',
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':from': liveFrom, ':was': wasPublic, ':version': head.version },
      }),
    );
  }

  private async updateScheduled(
    partition: string,
    action: 'ADD' | 'DELETE',
    publishedAt: string,
  ): Promise<void> {
    await this.ignoringNewer(
      new UpdateCommand({
        TableName: this.tableName,
        Key: feedHeadKeyOf(partition),
        UpdateExpression: `${action} scheduled :at`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': new Set([publishedAt]) },
      }),
    );
  }

  private async finish(item: ArticleItem): Promise<void> {
    const key = articleKey(item.article.id);
    const atRevision = {
      ConditionExpression: 'revision = :rev',
      ExpressionAttributeValues: { ':rev': item.revision },
    };
    if (item.deleted)
      await this.ignoringNewer(new DeleteCommand({ TableName: this.tableName, Key: key, ...atRevision }));
    else
      await this.ignoringNewer(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET stale = :none REMOVE pending',
          ConditionExpression: atRevision.ConditionExpression,
          ExpressionAttributeValues: { ':rev': item.revision, ':none': [] },
        }),
      );
    // A newer writer re-wrote the marker with its revision: leave it for that writer.
    await this.ignoringNewer(
      new DeleteCommand({ TableName: this.tableName, Key: pendingKey(item.article.id), ...atRevision }),
    );
  }

  /** A conditional write that a newer revision may have beaten: its writer owns the item now. */
  private async ignoringNewer<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    command: DocumentCommand<I, O>,
  ): Promise<void> {
    await sendConditional(this.client, command);
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName'>, limit?: number): Promise<Item[]> {
    return queryAll(this.client, { ...input, TableName: this.tableName }, limit);
  }
}

function toHead(item: FeedHeadItem): FeedHead {
  return {
    scope: item.scope,
    changedAt: item.changedAt,
    version: item.version ?? 0,
    scheduled: [...(item.scheduled ?? [])].sort(),
    liveFrom: item.liveFrom,
    wasPublic: item.wasPublic === true,
  };
}

/** Every entry an article revision owns: one per feed, and its place in the editors' status list. */
function entryKeys(item: Pick<ArticleItem, 'article' | 'scopes' | 'deleted'>): ItemKey[] {
  const { article } = item;
  if (item.deleted) return [];
  return [
    ...item.scopes.map((s) => feedEntryKey(s, article.publishedAt, article.id)),
    statusEntryKey(article.status, article.updatedAt, article.id),
  ];
}

const keyString = (k: ItemKey) => `${k.pk}\u0000${k.sk}`;

function uniqueKeys(keys: ItemKey[]): ItemKey[] {
  return [...new Map(keys.map((k) => [keyString(k), k])).values()];
}
