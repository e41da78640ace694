import { errorField, logger } from '../observability/logger';
import { type Count, METRICS } from '../observability/metric-names';
import type { Hub, JobQueue } from './hub';
import type { HubMessage } from './sqs-queue';
import type { WebSubStore } from './websub-store';

export interface QueueRecord {
  messageId: string;
  body: string;
}

/** Counts for one batch, for the delivery metrics (`countDeliveries`). */
export interface BatchCounts {
  delivered: number;
  retried: number;
  dead: number;
}

/**
 * The AWS worker for one SQS batch. A job not yet due (a retry later than SQS's
 * 15-minute delay) is re-queued with the rest of its delay; a failed attempt is queued
 * again as a new, delayed message (the backoff of lib/websub/backoff.ts); a dead job
 * becomes a dead letter in the table. Only a record whose handling threw (the table
 * unreachable, a bug) is reported as a partial batch failure: SQS redelivers it, and
 * after its maxReceiveCount moves it to the dead-letter queue, which alarms.
 */
export async function handleQueueBatch(
  records: QueueRecord[],
  deps: { hub: Hub; queue: JobQueue; store: Pick<WebSubStore, 'putDeadLetter'>; now: () => Date },
): Promise<{ batchItemFailures: { itemIdentifier: string }[]; counts: BatchCounts }> {
  const { hub, queue, store, now } = deps;
  const counts: BatchCounts = { delivered: 0, retried: 0, dead: 0 };
  const failures: { itemIdentifier: string }[] = [];
  await Promise.all(
    records.map(async (record) => {
      try {
        const message = JSON.parse(record.body) as HubMessage;
        const at = now();
        if ('distribute' in message) {
          await hub.distribute(at);
          return;
        }
        const { job } = message;
        if (Date.parse(job.nextAt) > at.getTime() + 1_000) return await queue.enqueue([job]);
        const outcome = await hub.run(job, at);
        if (outcome.kind === 'retry') {
          counts.retried++;
          await queue.enqueue([outcome.job]);
        } else if (outcome.kind === 'dead') {
          counts.dead++;
          await store.putDeadLetter(outcome.letter);
        } else if (outcome.result?.outcome === 'delivered') counts.delivered++;
      } catch (error) {
        logger.error('websub job failed', { messageId: record.messageId, error: errorField(error) });
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  return { batchItemFailures: failures, counts };
}

/**
 * A batch's outcome as metrics (EMF on Lambda, lib/observability/lambda.ts). The alarm on
 * failed deliveries reads `WebSubDeliveryFailures` (infra/constructs/websub-hub.ts).
 */
export function countDeliveries(counts: BatchCounts, count: Count) {
  count(METRICS.webSubDeliveries, counts.delivered);
  count(METRICS.webSubDeliveryFailures, counts.retried + counts.dead);
  count(METRICS.webSubDeadLetters, counts.dead);
}
