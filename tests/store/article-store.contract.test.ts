import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../lib/articles/article';
import { PreconditionFailedError } from '../../lib/errors';
import type { FeedScope } from '../../lib/feeds/scope';
import { SITE } from '../../lib/feeds/scope';
import { DynamoArticleStore } from '../../lib/store/dynamo-article-store';
import { dieAfterWrites, recordCalls, WriterDied } from '../support/dynamo-calls';
import { clientFor, type Engine, freshTable, startEngines } from '../support/engines';
import { anArticle, hoursAgo, NOW } from '../support/fixtures';

const engines: Engine[] = await startEngines();
afterAll(async () => {
  await Promise.all(engines.map((e) => e.stop()));
});

const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const politics: FeedScope = { kind: 'category', slug: 'politics' };
const health: FeedScope = { kind: 'category', slug: 'health' };

describe.each(engines)('DynamoArticleStore on $name', (engine) => {
  let client: ReturnType<typeof clientFor>;
  beforeAll(() => {
    client = clientFor(engine.endpoint);
  });

  async function aStore(c = client, tableName?: string) {
    const table = tableName ?? (await freshTable(c));
    return new DynamoArticleStore({ client: c, tableName: table, siteTitle: 'Baobab Post' });
  }

  /** Every feed's ids, newest first, as a reader would see them at `at`. */
  async function feedState(store: DynamoArticleStore, at = later(60)) {
    const heads = await store.listFeedHeads();
    const state: Record<string, string[]> = {};
    for (const head of heads) {
      const key = head.scope.kind === 'site' ? 'site' : `${head.scope.kind}/${head.scope.slug}`;
      state[key] = (await store.queryFeed(head.scope, { limit: 100, now: at })).map((e) => e.article.id);
    }
    return state;
  }

  it('stores an article and reads it back with its revision', async () => {
    const store = await aStore();
    const article = anArticle({ id: 'a1' });
    expect(await store.saveArticle(article, NOW)).toEqual({ article, revision: 1 });
    expect(await store.getArticle('a1')).toEqual({ article, revision: 1, pending: false });
    const corrected = { ...article, title: 'Corrected' };
    expect((await store.saveArticle(corrected, later(1))).revision).toBe(2);
    expect((await store.getArticle('a1'))?.article.title).toBe('Corrected');
  });

  it('serves the site, category, tag and author feeds newest first, one page at a time', async () => {
    const store = await aStore();
    for (const [id, h] of [
      ['old', 5],
      ['new', 1],
      ['mid', 3],
    ] as const) {
      await store.saveArticle(anArticle({ id, publishedAt: hoursAgo(h), tags: ['Cocoa'] }), NOW);
    }
    const ids = async (scope: FeedScope, limit = 10) =>
      (await store.queryFeed(scope, { limit, now: NOW })).map((e) => e.article.id);
    expect(await ids(SITE)).toEqual(['new', 'mid', 'old']);
    expect(await ids(politics)).toEqual(['new', 'mid', 'old']);
    expect(await ids({ kind: 'tag', slug: 'cocoa' })).toEqual(['new', 'mid', 'old']);
    expect(await ids({ kind: 'author', slug: 'aminata-diallo' })).toEqual(['new', 'mid', 'old']);
    expect(await ids(SITE, 2)).toEqual(['new', 'mid']);
    expect(await ids(health)).toEqual([]);
  });

  it('reads a page with one Query bounded by the page size, never a Scan', async () => {
    const store = await aStore();
    for (let i = 0; i < 30; i++)
      await store.saveArticle(anArticle({ id: `p${i}`, publishedAt: hoursAgo(i + 1) }), NOW);
    const calls = recordCalls(client);
    const page = await store.queryFeed(SITE, { limit: 20, now: NOW });
    expect(page).toHaveLength(20);
    expect(calls.map((c) => c.command)).toEqual(['QueryCommand']);
    expect(calls[0]?.input).toMatchObject({ Limit: 20, ScanIndexForward: false });
  });

  it('never shows drafts, and shows scheduled articles only once they are due', async () => {
    const store = await aStore();
    await store.saveArticle(anArticle({ id: 'live', publishedAt: hoursAgo(1) }), NOW);
    await store.saveArticle(anArticle({ id: 'draft', status: 'draft', publishedAt: hoursAgo(2) }), NOW);
    await store.saveArticle(anArticle({ id: 'scheduled', publishedAt: later(30).toISOString() }), NOW);
    const ids = async (scope: FeedScope, at: Date) =>
      (await store.queryFeed(scope, { limit: 100, now: at })).map((e) => e.article.id);
    for (const scope of [SITE, politics, { kind: 'tag', slug: 'elections' } as FeedScope]) {
      expect(await ids(scope, NOW)).toEqual(['live']);
      expect(await ids(scope, later(29))).toEqual(['live']);
      expect(await ids(scope, later(30))).toEqual(['scheduled', 'live']);
    }
    // A draft never gets feed entries at all: not even a far-future read finds it.
    expect(await ids(SITE, later(60 * 24 * 365))).not.toContain('draft');
  });

  it('moves an article between feeds when its categories change, and moves both heads forward', async () => {
    const store = await aStore();
    const article = anArticle({ id: 'mover', categories: ['Politics'] });
    await store.saveArticle(article, NOW);
    const before = await store.getFeedHead(politics);
    await store.saveArticle({ ...article, categories: ['Health'] }, later(5));
    expect(await feedState(store)).toMatchObject({
      'category/politics': [],
      'category/health': ['mover'],
      site: ['mover'],
    });
    expect((await store.getFeedHead(politics))?.changedAt).toBe(later(5).toISOString());
    expect(before?.changedAt).toBe(NOW.toISOString());
    expect((await store.getFeedHead(health))?.scope).toEqual({
      kind: 'category',
      slug: 'health',
      name: 'Health',
    });
  });

  it('re-keys entries when publishedAt changes, leaving no duplicate', async () => {
    const store = await aStore();
    const article = anArticle({ id: 'moved-in-time', publishedAt: hoursAgo(5) });
    await store.saveArticle(article, NOW);
    await store.saveArticle({ ...article, publishedAt: hoursAgo(1) }, later(1));
    expect((await feedState(store)).site).toEqual(['moved-in-time']);
  });

  it('deletes an article from every feed; a removal moves the heads forward', async () => {
    const store = await aStore();
    await store.saveArticle(anArticle({ id: 'keep' }), NOW);
    await store.saveArticle(anArticle({ id: 'gone' }), NOW);
    expect(await store.deleteArticle('gone', later(10))).toBe(true);
    expect(await store.deleteArticle('gone', later(11))).toBe(false);
    expect(await store.getArticle('gone')).toBeUndefined();
    for (const ids of Object.values(await feedState(store))) expect(ids).toEqual(['keep']);
    expect((await store.getFeedHead(SITE))?.changedAt).toBe(later(10).toISOString());
  });

  it('refuses a write based on a stale revision and changes nothing', async () => {
    const store = await aStore();
    const article = anArticle({ id: 'cc' });
    await store.saveArticle(article, NOW, 0);
    await expect(store.saveArticle({ ...article, title: 'Again' }, NOW, 0)).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await store.saveArticle({ ...article, title: 'Second' }, NOW, 1);
    await expect(store.saveArticle({ ...article, title: 'Lost update' }, NOW, 1)).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect(await store.getArticle('cc')).toMatchObject({ revision: 2, article: { title: 'Second' } });
  });

  it('keeps head names when an article leaves a feed and never invents a head for a removal', async () => {
    const store = await aStore();
    await store.saveArticle(anArticle({ id: 'x', tags: ['Mpox'] }), NOW);
    await store.deleteArticle('x', later(1));
    const heads = await store.listFeedHeads();
    expect(heads.map((h) => h.scope.name).sort()).toEqual([
      'Aminata Diallo',
      'Baobab Post',
      'Mpox',
      'Politics',
    ]);
  });

  describe('a writer that dies midway', () => {
    const original = () =>
      anArticle({ id: 'w', categories: ['Politics'], tags: ['Elections'], publishedAt: hoursAgo(3) });
    const update = (a: Article): Article => ({
      ...a,
      title: 'Corrected',
      categories: ['Health'],
      tags: ['Mpox', 'Elections'],
      authors: [{ name: 'Kwame Mensah', slug: 'kwame-mensah' }],
      publishedAt: hoursAgo(2),
    });

    /** What a clean run of the same writes leaves behind. */
    async function expectedState(change: (s: DynamoArticleStore, a: Article) => Promise<unknown>) {
      const store = await aStore();
      const a = original();
      await store.saveArticle(a, NOW);
      await change(store, a);
      return { feeds: await feedState(store), article: await store.getArticle('w') };
    }

    async function writesIn(change: (s: DynamoArticleStore, a: Article) => Promise<unknown>) {
      const store = await aStore();
      const a = original();
      await store.saveArticle(a, NOW);
      const calls = recordCalls(client);
      await change(store, a);
      return calls.filter((c) => /^(Put|Update|Delete)/.test(c.command)).length;
    }

    const scenarios = {
      correction: (s: DynamoArticleStore, a: Article) => s.saveArticle(update(a), later(1)),
      deletion: (s: DynamoArticleStore, a: Article) => s.deleteArticle(a.id, later(1)),
    };

    for (const [name, change] of Object.entries(scenarios)) {
      it(`converges after dying at any write of a ${name}: by the sweep, or by the next write`, async () => {
        const expected = await expectedState(change);
        const unchanged = await expectedState(async () => {});
        const writes = await writesIn(change);
        expect(writes).toBeGreaterThan(5);
        for (let survive = 0; survive < writes; survive++) {
          for (const recovery of ['sweep', 'retry'] as const) {
            const tableName = await freshTable(client);
            const healthy = await aStore(client, tableName);
            const a = original();
            await healthy.saveArticle(a, NOW);
            const dying = clientFor(engine.endpoint);
            dieAfterWrites(dying, survive);
            await expect(change(await aStore(dying, tableName), a)).rejects.toBeInstanceOf(WriterDied);

            if (recovery === 'sweep')
              expect((await healthy.repairPending(later(2))).repaired).toBe(survive === 0 ? 0 : 1);
            else await change(healthy, a);
            await healthy.repairPending(later(3));

            // The first two writes are the marker and the article item: a writer that died
            // before the article item changed nothing, and the sweep restores exactly that.
            const want = recovery === 'sweep' && survive < 2 ? unchanged : expected;
            const context = `${name}, died after ${survive} of ${writes} writes, recovered by ${recovery}`;
            expect(await feedState(healthy), context).toEqual(want.feeds);
            expect((await healthy.getArticle('w'))?.article, context).toEqual(want.article?.article);
          }
        }
        // One fresh table per write and recovery: minutes on a loaded machine, and structural, not timed.
      }, 180_000);
    }
  });
});
