import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { websubSection } from '../../lib/admin/websub-section';
import { DynamoWebSubStore } from '../../lib/store/dynamo-websub-store';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { clientFor, freshTable } from '../support/engines';

describe('the admin page’s WebSub section', () => {
  let engine: Awaited<ReturnType<typeof startEmbeddedEngine>>;
  let store: DynamoWebSubStore;
  beforeAll(async () => {
    engine = await startEmbeddedEngine();
    const client = clientFor(engine.endpoint);
    store = new DynamoWebSubStore(client, await freshTable(client));
  });
  afterAll(async () => engine.close());

  it('counts active subscriptions per feed from the hub’s store, expired ones not', async () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const sub = (topic: string, callback: string, expiresAt: string) =>
      store.putSubscription({
        topic,
        callback,
        leaseSeconds: 86_400,
        expiresAt,
        createdAt: '2026-11-26T00:00:00Z',
      });
    await sub('https://feeds.example/rss.xml', 'https://a.example/cb', '2026-11-27T00:00:00Z');
    await sub('https://feeds.example/rss.xml', 'https://b.example/cb', '2026-11-27T00:00:00Z');
    await sub(
      'https://feeds.example/categories/politics/atom.xml',
      'https://a.example/cb2',
      '2026-11-27T00:00:00Z',
    );
    await sub('https://feeds.example/tags/dakar/feed.json', 'https://c.example/cb', '2026-11-26T11:00:00Z');
    expect(await websubSection(store, () => now)()).toEqual({
      available: true,
      feeds: [
        { label: 'Whole site (RSS)', subscriptions: 2 },
        { label: 'Category politics (Atom)', subscriptions: 1 },
      ],
    });
  });
});
