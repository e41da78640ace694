import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FeedScope } from '../../lib/feeds/scope';
import { DynamoArticleStore } from '../../lib/store/dynamo-article-store';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { recordCalls } from '../support/dynamo-calls';
import { clientFor, freshTable } from '../support/engines';
import { anArticle, NOW } from '../support/fixtures';

/** The head cache is bounded: a stranger's random scopes add nothing, known ones up to a limit. */
let engine: Awaited<ReturnType<typeof startEmbeddedEngine>>;
beforeAll(async () => {
  engine = await startEmbeddedEngine();
});
afterAll(() => engine.close());

const category = (slug: string): FeedScope => ({ kind: 'category', slug });

async function aCachingStore(headCacheEntries: number) {
  const client = clientFor(engine.endpoint);
  const tableName = await freshTable(client);
  const writer = new DynamoArticleStore({ client, tableName, siteTitle: 'Baobab Post' });
  for (const c of ['A', 'B', 'C'])
    await writer.saveArticle(anArticle({ id: `in-${c.toLowerCase()}`, categories: [c] }), NOW);
  const store = new DynamoArticleStore({
    client,
    tableName,
    siteTitle: 'Baobab Post',
    headCacheMs: 60_000,
    headCacheEntries,
    clock: () => 0,
  });
  const calls = recordCalls(client);
  const reads = async (scope: FeedScope) => {
    const before = calls.length;
    await store.getFeedHead(scope);
    return calls.length - before;
  };
  return { reads };
}

it('never keeps heads of scopes that do not exist: each ask reads again', async () => {
  const { reads } = await aCachingStore(10);
  for (let i = 0; i < 3; i++) expect(await reads(category('no-such-thing'))).toBe(1);
});

it('keeps known heads up to its limit, dropping the least recently used', async () => {
  const { reads } = await aCachingStore(2);
  expect(await reads(category('a'))).toBe(1);
  expect(await reads(category('b'))).toBe(1);
  expect(await reads(category('a'))).toBe(0); // cached; now b is the oldest
  expect(await reads(category('c'))).toBe(1); // evicts b
  expect(await reads(category('a'))).toBe(0);
  expect(await reads(category('b'))).toBe(1);
});
