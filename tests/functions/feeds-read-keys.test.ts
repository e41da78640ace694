import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedsRuntime } from '../../lib/feeds-runtime';
import { composeApps } from '../../lib/http/compose';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { FEEDS_READ_KEYS, PARTNER_USAGE_PREFIX } from '../../lib/store/keys';
import { createWriteRuntime } from '../../lib/write-runtime';
import { type RecordedCall, recordCalls } from '../support/dynamo-calls';
import { clientFor, freshTable } from '../support/engines';
import { anArticleInput, hoursAgo, NOW, testConfig } from '../support/fixtures';
import { allowedBy, partitionOf, stringLike } from '../support/leading-keys';

/**
 * The feeds function's IAM read grant allows only FEEDS_READ_KEYS partitions (infra's
 * `dynamodb:LeadingKeys` condition). Here the feeds runtime, on a client of its own,
 * serves every kind of public request over a table that also holds drafts, scheduled
 * articles, partners and their keys; every key it sends must pass that condition, or
 * the function would get AccessDenied on AWS where dynalite lets it through.
 */

describe('the feeds read only the partitions their IAM grant allows', () => {
  let engine: Awaited<ReturnType<typeof startEmbeddedEngine>>;
  let calls: RecordedCall[];
  let feeds: ReturnType<typeof composeApps>;
  let partnerKey: string;
  let feedToken: string;

  beforeAll(async () => {
    // Prepare: published, scheduled and draft articles, and a partner with a token.
    engine = await startEmbeddedEngine();
    const writer = clientFor(engine.endpoint);
    const config = testConfig({ TABLE_NAME: await freshTable(writer) });
    const writes = createWriteRuntime({ config, client: writer, now: () => NOW });
    for (const article of [
      anArticleInput({ id: 'one', publishedAt: hoursAgo(1), categories: ['Politics'], tags: ['Budget'] }),
      anArticleInput({ id: 'two', publishedAt: hoursAgo(2), categories: ['Politics'] }),
      anArticleInput({ id: 'three', publishedAt: hoursAgo(3) }),
      anArticleInput({ id: 'later', publishedAt: hoursAgo(-5), categories: ['Sport'] }),
      anArticleInput({ id: 'draft', status: 'draft', categories: ['Secret'] }),
    ])
      await writes.publishing.publishArticle(article);
    const partner = await writes.keys.createKey({
      name: 'Daily Digest',
      scopes: ['feeds:partner'],
      partner: { level: 'excerpt', utm: { source: 'dailydigest' } },
    });
    partnerKey = partner.key;
    feedToken = partner.feedToken!;
    // The feeds side on its own client, as in its own Lambda function.
    const client = clientFor(engine.endpoint);
    calls = recordCalls(client);
    const reads = createFeedsRuntime({ config, client, now: () => NOW });
    feeds = composeApps([reads.feedsApp, reads.embedApp]);
  });
  afterAll(() => engine.close());

  it('serves every route with keys inside FEEDS_READ_KEYS (and writes only partner counters)', async () => {
    // Act
    const get = async (path: string, headers: Record<string, string> = {}) =>
      (await feeds.request(`http://localhost${path}`, { headers })).status;
    const statuses = [
      await get('/'),
      await get('/feeds.opml'),
      await get('/rss.xml?limit=1'),
      await get('/atom.xml'),
      await get('/feed.json'),
      await get('/rss.xml', { Accept: 'text/html' }),
      await get('/categories/politics/rss.xml'),
      await get('/tags/budget/atom.xml'),
      await get('/categories/sport/rss.xml'),
      await get('/categories/secret/rss.xml'),
      await get(`/rss.xml?since=${encodeURIComponent(hoursAgo(2.5))}`),
      await get('/rss.xml', { Authorization: `Bearer ${partnerKey}` }),
      await get(`/feed.json?token=${encodeURIComponent(feedToken)}`),
      await get('/rss.xml?token=not-a-token'),
      await get('/embed/site'),
      await get('/embed/categories/politics'),
      await get('/embed.js'),
      await get('/nowhere/at/all.xml'),
    ];

    // Assess: the requests did read (and count) something, all of it allowed.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(10);
    const reads = calls.filter((c) => /^(Get|GetItem|Query)Command$/.test(c.command));
    const writes = calls.filter((c) => !reads.includes(c));
    expect(new Set(reads.map((c) => partitionOf(c)))).toEqual(
      new Set(['SCOPES', 'FEED#site', 'FEED#category#politics', 'FEED#tag#budget', 'APIKEYS']),
    );
    for (const call of reads) expect(allowedBy(FEEDS_READ_KEYS, partitionOf(call))).toBe(true);
    expect(writes.length).toBeGreaterThan(0);
    for (const call of writes) {
      expect(call.command).toMatch(/^Update(Item)?Command$/);
      expect(partitionOf(call).startsWith(PARTNER_USAGE_PREFIX)).toBe(true);
    }
  });

  it('matches IAM StringLike as IAM does', () => {
    expect(stringLike('FEED#category#x', 'FEED#*')).toBe(true);
    expect(stringLike('ARTICLE#x', 'FEED#*')).toBe(false);
    expect(stringLike('SCOPESX', 'SCOPES')).toBe(false);
    expect(stringLike('PENDING', 'SCOPES')).toBe(false);
  });
});
