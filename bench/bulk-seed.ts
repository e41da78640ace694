import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Article } from '../lib/articles/article';
import type { NamedScope } from '../lib/feeds/scope';
import { SITE } from '../lib/feeds/scope';
import { feedEntryKey, feedHeadKey } from '../lib/store/keys';

/**
 * Loads the site feed straight into the table with BatchWriteItem, in the shapes
 * DynamoArticleStore writes (lib/store/dynamo-article-store.ts): an entry is
 * `{ pk, sk, revision, article }`, the head `{ pk, sk, scope, changedAt, version }`.
 * Only the site feed is loaded: no article items, no category, tag or author feeds, no
 * status lists. That is all a site-feed read touches, and it is 1 write per article
 * instead of the ~10 the write path makes, so 100,000 articles load in a minute or so.
 */

const BATCH = 25;
const IN_FLIGHT = 4;

/** `count` distinct articles, newest first, cloned from `pool` with their own id, URL and date. */
export function* manyArticles(pool: Article[], count: number, newest: Date): Generator<Article> {
  for (let i = 0; i < count; i++) {
    const base = pool[i % pool.length]!;
    if (i < pool.length) {
      yield base;
      continue;
    }
    const id = `bench-${String(i).padStart(6, '0')}`;
    const publishedAt = new Date(newest.getTime() - (i + 1) * 2_232_000).toISOString();
    yield {
      ...base,
      id,
      slug: `story-${id}`,
      url: `https://baobabpost.example/news/story-${id}`,
      publishedAt,
      updatedAt: publishedAt,
    };
  }
}

async function writeBatch(client: DynamoDBDocumentClient, tableName: string, items: object[]) {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  while (requests.length > 0) {
    const { UnprocessedItems } = await client.send(
      new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
    );
    requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
  }
}

/** Writes the site feed's entries for `articles` and its head. Returns how many entries were written. */
export async function bulkLoadSiteFeed(
  client: DynamoDBDocumentClient,
  tableName: string,
  siteTitle: string,
  articles: Iterable<Article>,
): Promise<number> {
  let written = 0;
  let newest = '';
  let batch: object[] = [];
  const inFlight = new Set<Promise<void>>();
  const flush = async () => {
    const pending = writeBatch(client, tableName, batch).finally(() => inFlight.delete(pending));
    inFlight.add(pending);
    batch = [];
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };
  for (const article of articles) {
    if (article.publishedAt > newest) newest = article.publishedAt;
    batch.push({ ...feedEntryKey(SITE, article.publishedAt, article.id), revision: 1, article });
    written++;
    if (batch.length === BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  await Promise.all(inFlight);
  const scope: NamedScope = { kind: 'site', name: siteTitle };
  await writeBatch(client, tableName, [{ ...feedHeadKey(SITE), scope, changedAt: newest, version: written }]);
  return written;
}
