import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PendingRepair } from '../../lib/articles/article-store';
import { articleDefaults } from '../../lib/articles/derive';
import { repairPendingWrites } from '../../lib/articles/pending-repair';
import { createPublishing } from '../../lib/articles/publishing';
import { METRICS } from '../../lib/observability/metric-names';
import { DynamoArticleStore } from '../../lib/store/dynamo-article-store';
import { DynamoSlugRegistry } from '../../lib/store/dynamo-slug-registry';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { PENDING_PARTITION, REPAIR_KEYS } from '../../lib/store/keys';
import { queryAll } from '../../lib/store/send';
import { dieAfterWrites, recordCalls, WriterDied } from '../support/dynamo-calls';
import { clientFor, freshTable } from '../support/engines';
import { anArticleInput, testConfig } from '../support/fixtures';
import { stubLambdaEnv } from '../support/lambda-env';
import { allowedBy, partitionOf } from '../support/leading-keys';
import { emfMetrics, jsonLinesOf } from '../support/output-lines';

/**
 * The scheduled repair (functions/repair-pending.ts, every 5 minutes on AWS) against
 * dynalite: a write interrupted after the article item committed and before its feeds
 * were updated is finished by the handler; a write still young is left to its writer.
 */
const context = { functionName: 'repair', awsRequestId: 'req-1' } as Context;
const MINUTE = 60_000;

describe('functions/repair-pending handler', () => {
  let engine: Awaited<ReturnType<typeof startEmbeddedEngine>>;
  let client: DynamoDBDocumentClient;
  let table: string;
  let handler: (event: unknown, context: Context) => Promise<PendingRepair>;

  const store = (on = client) =>
    new DynamoArticleStore({ client: on, tableName: table, siteTitle: 'Baobab Post' });
  /** Publishes through a writer that dies after its first `survive` writes, at `at`. */
  const interruptedPublish = async (id: string, at: Date, survive: number) => {
    const dying = clientFor(engine.endpoint);
    dieAfterWrites(dying, survive);
    const publishing = createPublishing({
      store: store(dying),
      slugs: new DynamoSlugRegistry(client, table),
      defaults: articleDefaults(testConfig().site),
      now: () => at,
    });
    await expect(
      publishing.publishArticle(
        anArticleInput({ id, publishedAt: new Date(at.getTime() - MINUTE).toISOString() }),
      ),
    ).rejects.toBeInstanceOf(WriterDied);
  };
  const siteFeedIds = async () =>
    (await store().queryFeed({ kind: 'site' }, { limit: 50, now: new Date() })).map((e) => e.article.id);
  const markers = () =>
    queryAll(client, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PENDING_PARTITION },
    });

  beforeAll(async () => {
    engine = await startEmbeddedEngine();
    client = clientFor(engine.endpoint);
    table = await freshTable(client);
    // functions/repair-pending.ts reads its configuration once, at import: set it first.
    stubLambdaEnv(table, engine.endpoint);
    ({ handler } = (await import('../../functions/repair-pending')) as never);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await engine.close();
  });

  it('finishes a write interrupted between commit and finish, leaves a young one, and reports the age', async () => {
    // Prepare: ten minutes ago a writer committed the article item (marker, then
    // article: two writes) and died before any feed entry; a second one is under way now.
    const tenMinutesAgo = new Date(Date.now() - 10 * MINUTE);
    await interruptedPublish('stranded', tenMinutesAgo, 2);
    await interruptedPublish('in-flight', new Date(), 2);
    expect((await store().getArticle('stranded'))?.pending).toBe(true);
    expect(await siteFeedIds()).toEqual([]);

    // Act: one scheduled run, through the Lambda handler.
    let report: PendingRepair | undefined;
    const lines = await jsonLinesOf(async () => {
      report = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context);
    });

    // Assess: the old write is finished (in its feed, marker gone), the young one is left.
    expect(report).toMatchObject({ found: 2, repaired: 1 });
    expect(report!.oldestAgeSeconds).toBeGreaterThanOrEqual(600);
    expect(await siteFeedIds()).toEqual(['stranded']);
    expect((await store().getArticle('stranded'))?.pending).toBe(false);
    expect((await markers()).map((m) => m.sk)).toEqual(['in-flight']);
    const { sums } = emfMetrics(lines);
    expect(sums[METRICS.pendingWritesRepaired]).toBe(1);
    expect(sums[METRICS.pendingWriteAge]).toBe(report!.oldestAgeSeconds);
  });

  it('sends only keys its IAM grant (REPAIR_KEYS) allows, and reads the markers with a Query', async () => {
    // Prepare: an interrupted write of a categorized, tagged article.
    const longAgo = new Date(Date.now() - 30 * MINUTE);
    await interruptedPublish('tagged', longAgo, 2);
    const recorded = clientFor(engine.endpoint);
    const calls = recordCalls(recorded);

    // Act
    const report = await repairPendingWrites({
      store: store(recorded),
      now: () => new Date(),
      count: () => {},
      seconds: () => {},
    });

    // Assess
    expect(report.repaired).toBeGreaterThanOrEqual(1);
    expect(calls.some((c) => c.command === 'ScanCommand')).toBe(false);
    expect(calls.find((c) => c.command === 'QueryCommand')?.input).toMatchObject({
      ExpressionAttributeValues: { ':pk': PENDING_PARTITION },
    });
    const sent = new Set(calls.map(partitionOf));
    expect([...sent].filter((pk) => !allowedBy(REPAIR_KEYS, pk))).toEqual([]);
    expect([...sent].some((pk) => pk.startsWith('WEBSUB#'))).toBe(true);
  });
});
