import { type FeedScope, scopeId } from '../feeds/scope';

/**
 * The key design, defined once: lib/store reads and writes with it, lib/local creates
 * the embedded table from it, and infra/ builds the AWS table from it.
 * docs/data-model.md explains each access pattern and its cost.
 *
 * One table, no secondary index:
 *
 * | item         | pk                    | sk                          |
 * |--------------|-----------------------|-----------------------------|
 * | article      | ARTICLE#{id}          | ARTICLE                     |
 * | feed entry   | FEED#{scope}          | {publishedAt}#{id}          |
 * | feed head    | SCOPES                | {scope}                     |
 * | pending sync | PENDING               | {id}                        |
 * | status list  | STATUS#{status}       | {updatedAt}#{id}            |
 * | slug claim   | SLUG#{slug}           | SLUG                        |
 * | audience     | AUDIENCE#{day}        | {feed}@{batch}              |
 * | reader salt  | READERSALT            | {day}                       |
 * | admin session| ADMINSESSION          | {SHA-256 of the token}      |
 * | subscription | WEBSUB#SUBS           | {topic} {callback}          |
 * | topic change | WEBSUB#CHANGED        | {scope}                     |
 * | hub job      | WEBSUB#OUTBOX         | {kind}:{…} (local engine)   |
 * | dead letter  | WEBSUB#DEAD           | {at}#{id}                   |
 *
 * `{scope}` is `site`, `category#{slug}`, `tag#{slug}` or `author#{slug}`.
 * Feed entries are written only for published articles; a query bounds `sk` by the
 * current instant, so drafts never appear and scheduled articles appear when due.
 */

export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';

export interface ItemKey {
  pk: string;
  sk: string;
}

export const TABLE_KEY_SCHEMA = {
  partitionKey: { name: PARTITION_KEY, type: 'S' },
  sortKey: { name: SORT_KEY, type: 'S' },
} as const;

/** Sort keys of feed heads start with a letter; entry sort keys start with a digit. */
export function articleKey(id: string): ItemKey {
  return { pk: `ARTICLE#${id}`, sk: 'ARTICLE' };
}

/** Every feed's entries live under a partition key starting with this. */
export const FEED_PREFIX = 'FEED#';

export function feedPartition(scope: FeedScope): string {
  return `${FEED_PREFIX}${scopeId(scope)}`;
}

export function isFeedPartition(pk: string): boolean {
  return pk.startsWith(FEED_PREFIX);
}

/** `publishedAt` is UTC ISO 8601 with milliseconds: fixed width, so strings sort as instants. */
export function feedEntryKey(scope: FeedScope, publishedAt: string, id: string): ItemKey {
  return { pk: feedPartition(scope), sk: `${publishedAt}#${id}` };
}

/**
 * The exclusive upper sort-key bound for a feed read at `now`: every entry published
 * at or before `now` sorts below it, every later (scheduled) one at or above it.
 */
export function dueBound(now: Date): string {
  return new Date(now.getTime() + 1).toISOString();
}

export const SCOPES_PARTITION = 'SCOPES';

export function feedHeadKey(scope: FeedScope): ItemKey {
  return { pk: SCOPES_PARTITION, sk: scopeId(scope) };
}

/** The head of the feed whose entries live in `partition` (a `FEED#…` key). */
export function feedHeadKeyOf(partition: string): ItemKey {
  return { pk: SCOPES_PARTITION, sk: partition.slice(FEED_PREFIX.length) };
}

/** Editors list articles by status (drafts included), most recently changed first. */
export function statusPartition(status: string): string {
  return `STATUS#${status}`;
}

export function statusEntryKey(status: string, updatedAt: string, id: string): ItemKey {
  return { pk: statusPartition(status), sk: `${updatedAt}#${id}` };
}

export const PENDING_PARTITION = 'PENDING';

export function pendingKey(id: string): ItemKey {
  return { pk: PENDING_PARTITION, sk: id };
}

export const API_KEYS_PARTITION = 'APIKEYS';

/** All API keys (hashes only) share one small partition: one Query lists them. */
export function apiKeyKey(id: string): ItemKey {
  return { pk: API_KEYS_PARTITION, sk: id };
}

/**
 * The partitions the feeds function reads, and none other: IAM `dynamodb:LeadingKeys`
 * patterns (a trailing `*` is a prefix) for its GetItem and Query grant (infra/), so the
 * public read path cannot read articles (drafts included), pending markers, status
 * lists, sessions, salts, sources or the hub's items. Feed entries (published copies),
 * feed heads, and API keys: a partner's `?token=` or `Authorization` is checked against
 * its stored key record (hashes only, one partition for all keys; IAM cannot tell a
 * partner key's item from an admin key's). tests/functions/feeds-read-keys.test.ts
 * drives every feeds route and checks each key it touches against this list.
 */
export const FEEDS_READ_KEYS: readonly string[] = [`${FEED_PREFIX}*`, SCOPES_PARTITION, API_KEYS_PARTITION];

/**
 * Partner request counters: one item per partner and UTC day. The feeds function may
 * update these and nothing else (IAM `dynamodb:LeadingKeys` on the `PARTNER#` prefix).
 */
export const PARTNER_USAGE_PREFIX = 'PARTNER#';

export function partnerUsageKey(partnerId: string, day: string): ItemKey {
  return { pk: `${PARTNER_USAGE_PREFIX}${partnerId}`, sk: day };
}

/**
 * Audience figures: one item per UTC day, feed and batch (a CloudFront log file, a flush
 * of the local server), written once with a condition, summed when read. `{feed}` is
 * lib/audience/feed-of-path.ts `feedKey` (`site/rss`, `category#politics/atom`), so one
 * feed's items of a day share the prefix `{feed}@`. Two days after the day ends, its
 * batches are folded into one item per feed, `{feed}@~folded` (lib/audience/day-folding.ts).
 */
export const AUDIENCE_PREFIX = 'AUDIENCE#';

export function audiencePartition(day: string): string {
  return `${AUDIENCE_PREFIX}${day}`;
}

export function audienceKey(day: string, feed: string, batch: string): ItemKey {
  return { pk: audiencePartition(day), sk: `${feed}@${batch}` };
}

/** Each day's random salt for readers' keyed hashes; deleted a few days later. */
export const READER_SALT_PARTITION = 'READERSALT';

export function readerSaltKey(day: string): ItemKey {
  return { pk: READER_SALT_PARTITION, sk: day };
}

/** Signed-in admin page sessions, by the SHA-256 of the cookie's token (never the token). */
export const ADMIN_SESSION_PARTITION = 'ADMINSESSION';

export function adminSessionKey(tokenHash: string): ItemKey {
  return { pk: ADMIN_SESSION_PARTITION, sk: tokenHash };
}

/**
 * WebSub hub (lib/websub). Subscriptions share one partition sorted by topic, then
 * callback: one Query lists a topic's subscribers, one lists them all for admins.
 * `{topic}` and `{callback}` are URLs, which never contain a space.
 */
/** Every hub item's partition key starts with this: the hub worker may write those only (IAM). */
export const WEBSUB_PREFIX = 'WEBSUB#';

export const WEBSUB_SUBSCRIPTIONS_PARTITION = 'WEBSUB#SUBS';

export function websubSubscriptionKey(topic: string, callback: string): ItemKey {
  return { pk: WEBSUB_SUBSCRIPTIONS_PARTITION, sk: `${topicPrefix(topic)}${callback}` };
}

export function topicPrefix(topic: string): string {
  return `${topic} `;
}

/**
 * Feeds changed since their subscribers were last sent them: one marker per feed
 * (`{scope}` as in feed heads), written by the article write itself, so a change that
 * commits is delivered even if the writer dies right after. A burst updates one marker.
 */
export const WEBSUB_CHANGES_PARTITION = 'WEBSUB#CHANGED';

export function websubChangeKey(scopeId: string): ItemKey {
  return { pk: WEBSUB_CHANGES_PARTITION, sk: scopeId };
}

/** Pending verifications and deliveries on the local engine (AWS keeps them in SQS). */
export const WEBSUB_OUTBOX_PARTITION = 'WEBSUB#OUTBOX';

export function websubJobKey(jobId: string): ItemKey {
  return { pk: WEBSUB_OUTBOX_PARTITION, sk: jobId };
}

/** Deliveries given up after 24 hours of retries, newest last, for admins to see. */
export const WEBSUB_DEAD_LETTERS_PARTITION = 'WEBSUB#DEAD';

export function websubDeadLetterKey(at: string, id: string): ItemKey {
  return { pk: WEBSUB_DEAD_LETTERS_PARTITION, sk: `${at}#${id}` };
}

/** How far scheduled entries have been checked for coming due (a topic change each). */
export const WEBSUB_SCHEDULE_CLOCK_KEY: ItemKey = { pk: 'WEBSUB#CLOCK', sk: 'scheduled' };

/**
 * DynamoDB TTL attribute (epoch seconds): on AWS the table removes expired leases and
 * old dead letters by itself; dynalite has no TTL, so the local hub sweeps them.
 */
export const TTL_ATTRIBUTE = 'expiresAtEpoch';

/**
 * Which article a slug belongs to: claimed with a conditional put, so two articles
 * created at once with one title never get one slug (lib/store/dynamo-slug-registry.ts).
 */
export function slugClaimKey(slug: string): ItemKey {
  return { pk: `SLUG#${slug}`, sk: 'SLUG' };
}

/** Followed sources (feeds wirefeed polls): one small partition, one Query lists them all. */
export const SOURCES_PARTITION = 'SOURCES';

export function sourceKey(id: string): ItemKey {
  return { pk: SOURCES_PARTITION, sk: id };
}

/**
 * The partitions finishing an interrupted write touches (`repairPending`: the marker,
 * the article, its feed entries, status entries and heads, and the hub's change
 * markers), as IAM `dynamodb:LeadingKeys` patterns for the scheduled repair's grant.
 * tests/functions/repair-pending.test.ts checks every key a repair sends against it.
 */
export const REPAIR_KEYS: readonly string[] = [
  PENDING_PARTITION,
  'ARTICLE#*',
  `${FEED_PREFIX}*`,
  'STATUS#*',
  SCOPES_PARTITION,
  WEBSUB_CHANGES_PARTITION,
];
