import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { countMetric, observed } from '../../lib/observability/lambda';
import { createCallbackClient } from '../../lib/websub/callback-client';
import { createHub, type JobQueue } from '../../lib/websub/hub';
import type { HubJob } from '../../lib/websub/model';
import { delaySeconds } from '../../lib/websub/sqs-queue';
import { countDeliveries, handleQueueBatch } from '../../lib/websub/sqs-worker';
import { anArticleInput, NOW } from '../support/fixtures';
import { emfMetrics, jsonLinesOf } from '../support/output-lines';
import { aCallbackServer, aHubApp } from './support';

const TOPIC = 'https://feeds.baobabpost.example/rss.xml';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** The AWS worker's logic over a real table and callback; SQS itself stands in as a list of sent jobs. */
async function setUp() {
  const t = await aHubApp();
  const cb = await aCallbackServer();
  cleanup.push(cb.close, t.close);
  const sent: HubJob[] = [];
  const queue: JobQueue = { enqueue: async (jobs) => void sent.push(...jobs) };
  const hub = createHub({
    store: t.websub.store,
    articles: t.store,
    feeds: t.feeds,
    queue,
    call: createCallbackClient({ privateCallbacks: 'allow' }),
    publicBaseUrl: t.config.site.publicBaseUrl,
    websub: t.config.websub,
    now: t.now,
  });
  await t.websub.store.putSubscription({
    topic: TOPIC,
    callback: cb.url(),
    leaseSeconds: 3600,
    expiresAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
    createdAt: NOW.toISOString(),
  });
  await t.publishing.publishArticle(anArticleInput({ id: 'x', publishedAt: NOW.toISOString() }));
  const batch = (...bodies: string[]) =>
    handleQueueBatch(
      bodies.map((body, i) => ({ messageId: `m${i}`, body })),
      { hub, queue, store: t.websub.store, now: t.now },
    );
  return { t, cb, sent, batch };
}

describe('the AWS worker (SQS batches)', { timeout: 120_000 }, () => {
  it('distributes on a nudge, then delivers the queued job', async () => {
    const { t, cb, sent, batch } = await setUp();
    t.setNow(new Date(NOW.getTime() + 5_000));
    expect((await batch(JSON.stringify({ distribute: true }))).batchItemFailures).toEqual([]);
    const deliver = sent.filter((j) => j.kind === 'deliver');
    expect(deliver).toHaveLength(1);
    const result = await batch(JSON.stringify({ job: deliver[0] }));
    expect(result).toEqual({ batchItemFailures: [], counts: { delivered: 1, retried: 0, dead: 0 } });
    expect(cb.posts()).toHaveLength(1);
  });

  it('queues a failed attempt again, delayed by its backoff; a job not yet due waits; a broken message is a batch item failure', async () => {
    const { t, cb, sent, batch } = await setUp();
    cb.answer(() => 500);
    const job: HubJob = {
      kind: 'deliver',
      topic: TOPIC,
      callback: cb.url(),
      id: 'd',
      attempts: 0,
      firstAt: NOW.toISOString(),
      nextAt: NOW.toISOString(),
    };
    const result = await batch(JSON.stringify({ job }), 'not json');
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(result.counts).toEqual({ delivered: 0, retried: 1, dead: 0 });
    const retry = sent.at(-1)!;
    expect(retry.attempts).toBe(1);
    expect(delaySeconds(retry, t.now())).toBeGreaterThanOrEqual(5);
    expect(delaySeconds(retry, t.now())).toBeLessThanOrEqual(10);
    // Arriving early (SQS delays at most 15 minutes): re-queued untouched, nothing sent.
    const later = { ...job, nextAt: new Date(NOW.getTime() + 3_600_000).toISOString() };
    await batch(JSON.stringify({ job: later }));
    expect(sent.at(-1)).toEqual(later);
    expect(delaySeconds(later, t.now())).toBe(900);
    expect(cb.posts()).toHaveLength(1);
  });

  it('reports its counts as CloudWatch embedded metrics, once per invocation', async () => {
    const invocation = observed(async () =>
      countDeliveries({ delivered: 3, retried: 2, dead: 1 }, countMetric),
    );
    const lines = await jsonLinesOf(() => invocation({}, { awsRequestId: 'req-9' } as Context));
    expect(lines.filter((l) => l._aws)).toHaveLength(1);
    expect(emfMetrics(lines)).toEqual({
      sums: { WebSubDeliveries: 3, WebSubDeliveryFailures: 3, WebSubDeadLetters: 1 },
      namespaces: ['wirefeed'],
      dimensions: ['service=wirefeed'],
    });
  });
});
