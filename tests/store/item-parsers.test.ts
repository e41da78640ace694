import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyFeedDay } from '../../lib/audience/feed-day';
import type { ApiKeyRecord } from '../../lib/auth/key-store';
import type { Source } from '../../lib/sources/source';
import {
  articleFromItem,
  feedEntryFromItem,
  feedHeadFromItem,
  pendingMarkerFromItem,
  statusEntryFromItem,
} from '../../lib/store/article-items';
import { DynamoAdminSessions, sessionFromItem } from '../../lib/store/dynamo-admin-sessions';
import { DynamoArticleStore } from '../../lib/store/dynamo-article-store';
import { audienceFromItem, DynamoAudienceStore } from '../../lib/store/dynamo-audience-store';
import { apiKeyFromItem, DynamoKeyStore } from '../../lib/store/dynamo-key-store';
import { DynamoPartnerUsage, usageFromItem } from '../../lib/store/dynamo-partner-usage';
import { DynamoReaderSalts, saltFromItem } from '../../lib/store/dynamo-reader-salts';
import { DynamoSourceStore, sourceFromItem } from '../../lib/store/dynamo-source-store';
import {
  changeFromItem,
  DynamoWebSubStore,
  deadLetterFromItem,
  jobFromItem,
  scheduleClockFromItem,
  subscriptionFromItem,
} from '../../lib/store/dynamo-websub-store';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { type Item, MalformedItemError } from '../../lib/store/item';
import {
  ADMIN_SESSION_PARTITION,
  API_KEYS_PARTITION,
  PENDING_PARTITION,
  READER_SALT_PARTITION,
  SCOPES_PARTITION,
  SOURCES_PARTITION,
  WEBSUB_CHANGES_PARTITION,
  WEBSUB_DEAD_LETTERS_PARTITION,
  WEBSUB_OUTBOX_PARTITION,
  WEBSUB_SCHEDULE_CLOCK_KEY,
  WEBSUB_SUBSCRIPTIONS_PARTITION,
} from '../../lib/store/keys';
import type { DeadLetter, HubJob, Subscription } from '../../lib/websub/model';
import { clientFor, freshTable } from '../support/engines';
import { anArticle, NOW } from '../support/fixtures';

/**
 * Each item kind is parsed in one function (lib/store/*): what its writer puts in the
 * table reads back as it was written, and an item that is not what the writer writes
 * fails with an error naming the item and the field, never as a half-made record.
 */

let engine: Awaited<ReturnType<typeof startEmbeddedEngine>>;
let client: DynamoDBDocumentClient;
let table: string;

beforeAll(async () => {
  engine = await startEmbeddedEngine();
  client = clientFor(engine.endpoint);
});
afterAll(() => engine.close());
beforeEach(async () => {
  table = await freshTable(client);
});

/** The raw items of a partition, as the DocumentClient returns them. */
async function itemsOf(pk: string): Promise<Item[]> {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  return Items;
}

async function onlyItemOf(pk: string): Promise<Item> {
  const items = await itemsOf(pk);
  expect(items).toHaveLength(1);
  return items[0] as Item;
}

/** The item with one attribute replaced (a path into nested maps). */
function spoiled(item: Item, path: string[], value: unknown): Item {
  const copy = structuredClone(item);
  let at: Record<string, unknown> = copy;
  for (const name of path.slice(0, -1)) at = at[name] as Record<string, unknown>;
  at[path.at(-1) as string] = value;
  return copy;
}

describe('article items', () => {
  it('read back the article, its feed and status entries, and its feeds’ heads as written', async () => {
    const store = new DynamoArticleStore({ client, tableName: table, siteTitle: 'Baobab Post' });
    const article = anArticle({ id: 'parse-me', categories: ['Politics'], tags: [] });
    await store.saveArticle(article, NOW);

    const stored = articleFromItem(await onlyItemOf('ARTICLE#parse-me'));
    expect(stored).toMatchObject({ pk: 'ARTICLE#parse-me', sk: 'ARTICLE', revision: 1, stale: [] });
    expect(stored.article).toEqual(article);
    expect(stored.scopes.map((s) => s.kind).sort()).toEqual(['author', 'category', 'site']);

    const entry = feedEntryFromItem(await onlyItemOf('FEED#site'));
    expect(entry).toEqual({ sk: `${article.publishedAt}#parse-me`, article });
    expect(statusEntryFromItem(await onlyItemOf('STATUS#published'))).toEqual(article);

    const heads = (await itemsOf(SCOPES_PARTITION)).map(feedHeadFromItem);
    expect(heads.map((h) => h.scope)).toContainEqual({
      kind: 'category',
      slug: 'politics',
      name: 'Politics',
    });
    for (const head of heads) expect(head).toMatchObject({ changedAt: NOW.toISOString(), version: 1 });
    expect(await itemsOf(PENDING_PARTITION)).toEqual([]);
  });

  it('gives a marker its revision and start, and reads markers from before the start was kept', () => {
    const key = { pk: PENDING_PARTITION, sk: 'a1' };
    expect(pendingMarkerFromItem({ ...key, revision: 3, at: NOW.toISOString() })).toEqual({
      ...key,
      revision: 3,
      at: NOW.toISOString(),
    });
    expect(pendingMarkerFromItem({ ...key, revision: 3 })).toEqual({ ...key, revision: 3 });
    expect(() => pendingMarkerFromItem({ ...key, revision: '3' })).toThrow(
      /Stored pending marker item PENDING\/a1 is malformed: revision/,
    );
  });

  it('refuses a malformed article item with an error naming the item and the field', async () => {
    const store = new DynamoArticleStore({ client, tableName: table, siteTitle: 'Baobab Post' });
    await store.saveArticle(anArticle({ id: 'spoil-me' }), NOW);
    const item = await onlyItemOf('ARTICLE#spoil-me');

    expect(() => articleFromItem(spoiled(item, ['article', 'title'], 42))).toThrow(
      /^Stored article item ARTICLE#spoil-me\/ARTICLE is malformed: article\.title: /,
    );
    expect(() => articleFromItem(spoiled(item, ['article', 'status'], 'pending'))).toThrow(
      MalformedItemError,
    );
    expect(() => articleFromItem(spoiled(item, ['scopes'], [{ kind: 'planet', name: 'Mars' }]))).toThrow(
      /scopes\.0/,
    );

    // Through the store: the read fails loudly instead of handing out a broken article.
    await client.send(new PutCommand({ TableName: table, Item: spoiled(item, ['revision'], 'one') }));
    await expect(store.getArticle('spoil-me')).rejects.toThrow(
      /ARTICLE#spoil-me\/ARTICLE is malformed: revision/,
    );
  });

  it('refuses a feed head without a scope', async () => {
    const store = new DynamoArticleStore({ client, tableName: table, siteTitle: 'Baobab Post' });
    await store.saveArticle(anArticle({ id: 'h1' }), NOW);
    const [head] = await itemsOf(SCOPES_PARTITION);
    const { scope: _, ...headless } = head as Item;
    expect(() => feedHeadFromItem(headless)).toThrow(/Stored feed head item SCOPES\/\S+ is malformed: scope/);
  });
});

describe('the other item kinds', () => {
  it('API keys', async () => {
    const record: ApiKeyRecord = {
      id: 'k1',
      name: 'Partner',
      hash: 'h'.repeat(43),
      scopes: ['feeds:partner'],
      createdAt: NOW.toISOString(),
      partner: { level: 'excerpt', utm: { source: 'partner' } },
      tokenHash: 't'.repeat(43),
    };
    await new DynamoKeyStore(client, table).put(record);
    const item = await onlyItemOf(API_KEYS_PARTITION);
    expect(apiKeyFromItem(item)).toEqual(record);
    expect(() => apiKeyFromItem(spoiled(item, ['scopes'], ['root']))).toThrow(
      /Stored API key item APIKEYS\/k1 is malformed: scopes\.0/,
    );
  });

  it('admin sessions', async () => {
    const record = {
      tokenHash: 'abc',
      keyId: 'k1',
      createdAt: NOW.toISOString(),
      expiresAt: NOW.toISOString(),
    };
    await new DynamoAdminSessions(client, table).put(record);
    const item = await onlyItemOf(ADMIN_SESSION_PARTITION);
    expect(sessionFromItem(item)).toEqual(record);
    expect(() => sessionFromItem(spoiled(item, ['keyId'], undefined))).toThrow(
      /ADMINSESSION\/abc is malformed: keyId/,
    );
  });

  it('partner usage', async () => {
    const usage = new DynamoPartnerUsage(client, table);
    await usage.count('p1', NOW);
    await usage.count('p1', NOW);
    const item = await onlyItemOf('PARTNER#p1');
    expect(usageFromItem(item)).toEqual({ day: '2026-11-26', requests: 2 });
    expect(() => usageFromItem(spoiled(item, ['requests'], -1))).toThrow(
      /PARTNER#p1\/2026-11-26 is malformed: requests/,
    );
  });

  it('audience figures', async () => {
    const figures = {
      ...emptyFeedDay(),
      requests: 3,
      ok: 2,
      notModified: 1,
      bytes: 900,
      families: { reader: 3 },
    };
    const audience = new DynamoAudienceStore(client, table);
    expect(await audience.putDelta({ day: '2026-11-26', feed: 'site/rss', figures }, 'b1')).toBe(true);
    const item = await onlyItemOf('AUDIENCE#2026-11-26');
    expect(audienceFromItem(item)).toEqual({ feed: 'site/rss', batch: 'b1', figures });
    expect(() => audienceFromItem(spoiled(item, ['families', 'reader'], 1.5))).toThrow(
      /Stored audience item AUDIENCE#2026-11-26\/site\/rss@b1 is malformed: families\.reader/,
    );
  });

  it('reader salts', async () => {
    const salt = await new DynamoReaderSalts(client, table).saltFor('2026-11-26');
    const item = await onlyItemOf(READER_SALT_PARTITION);
    expect(saltFromItem(item)).toEqual(salt);
    expect(salt).toHaveLength(32);
    expect(() => saltFromItem(spoiled(item, ['salt'], 'not bytes'))).toThrow(
      /READERSALT\/2026-11-26 is malformed: salt/,
    );
  });

  it('sources', async () => {
    const source: Source = {
      id: 'src-1',
      url: 'https://example.org/feed.xml',
      everySeconds: 900,
      createdAt: NOW.toISOString(),
      nextRunAt: NOW.toISOString(),
      failures: 0,
    };
    const store = new DynamoSourceStore(client, table);
    await store.put(source);
    const counts = { created: 1, updated: 0, unchanged: 2, rejected: 0, removed: 0 };
    await store.record('src-1', { lastSuccessAt: NOW.toISOString(), etag: '"v1"', lastCounts: counts });
    const item = await onlyItemOf(SOURCES_PARTITION);
    expect(sourceFromItem(item)).toEqual({
      ...source,
      lastSuccessAt: NOW.toISOString(),
      etag: '"v1"',
      lastCounts: counts,
    });
    expect(() => sourceFromItem(spoiled(item, ['lastCounts', 'created'], '1'))).toThrow(
      /SOURCES\/src-1 is malformed: lastCounts\.created/,
    );
  });

  it('WebSub subscriptions, topic changes, jobs, dead letters and the schedule clock', async () => {
    const hub = new DynamoWebSubStore(client, table);
    const subscription: Subscription = {
      topic: 'https://feeds.example/rss.xml',
      callback: 'https://reader.example/cb',
      secret: 's3cret',
      leaseSeconds: 86_400,
      expiresAt: '2026-11-27T08:00:00.000Z',
      createdAt: NOW.toISOString(),
    };
    await hub.putSubscription(subscription);
    const delivered = { at: NOW.toISOString(), status: 204, outcome: 'delivered' as const };
    await hub.recordDelivery(subscription.topic, subscription.callback, delivered);
    const subscriptionItem = await onlyItemOf(WEBSUB_SUBSCRIPTIONS_PARTITION);
    expect(subscriptionFromItem(subscriptionItem)).toEqual({ ...subscription, lastDelivery: delivered });
    expect(() =>
      subscriptionFromItem(spoiled(subscriptionItem, ['lastDelivery', 'outcome'], 'lost')),
    ).toThrow(/Stored WebSub subscription item WEBSUB#SUBS\/.* is malformed: lastDelivery\.outcome/);

    await hub.markChanged(['site'], NOW);
    await hub.markChanged(['site'], new Date(NOW.getTime() + 1000));
    const changeItem = await onlyItemOf(WEBSUB_CHANGES_PARTITION);
    expect(changeFromItem(changeItem)).toEqual({
      scopeId: 'site',
      firstAt: NOW.toISOString(),
      lastAt: '2026-11-26T08:00:01.000Z',
      changes: 2,
    });
    expect(() => changeFromItem(spoiled(changeItem, ['changes'], 'two'))).toThrow(
      /WEBSUB#CHANGED\/site is malformed: changes/,
    );

    const job: HubJob = {
      kind: 'deliver',
      topic: subscription.topic,
      callback: subscription.callback,
      id: 'deliver:x',
      attempts: 0,
      firstAt: NOW.toISOString(),
      nextAt: NOW.toISOString(),
    };
    await hub.putJob(job);
    const jobItem = await onlyItemOf(WEBSUB_OUTBOX_PARTITION);
    expect(jobFromItem(jobItem)).toEqual({ ...job, generation: 1 });
    expect(() => jobFromItem(spoiled(jobItem, ['job', 'kind'], 'explode'))).toThrow(
      /WEBSUB#OUTBOX\/deliver:x is malformed: job\.kind/,
    );

    const letter: DeadLetter = {
      job: { ...job, kind: 'verify', mode: 'subscribe', leaseSeconds: 60, secret: 'never kept' },
      at: NOW.toISOString(),
      lastResult: { at: NOW.toISOString(), status: 0, outcome: 'dead', detail: 'timeout' },
    };
    await hub.putDeadLetter(letter);
    const letterItem = await onlyItemOf(WEBSUB_DEAD_LETTERS_PARTITION);
    const { secret: _, ...keptJob } = letter.job as Extract<HubJob, { kind: 'verify' }>;
    expect(deadLetterFromItem(letterItem)).toEqual({ ...letter, job: keptJob });
    expect(() => deadLetterFromItem(spoiled(letterItem, ['lastResult'], undefined))).toThrow(
      /is malformed: lastResult/,
    );

    await hub.setScheduleClock(NOW.toISOString());
    const clockItem = await onlyItemOf(WEBSUB_SCHEDULE_CLOCK_KEY.pk);
    expect(scheduleClockFromItem(clockItem)).toBe(NOW.toISOString());
    expect(await hub.getScheduleClock()).toBe(NOW.toISOString());
    expect(() => scheduleClockFromItem(spoiled(clockItem, ['checkedUntil'], 7))).toThrow(
      /WEBSUB#CLOCK\/scheduled is malformed/,
    );
  });
});
