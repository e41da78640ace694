import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createAwsHub } from '../lib/aws-hub-runtime';
import { loadConfig } from '../lib/config';
import { countMetric, observed } from '../lib/observability/lambda';
import { countDeliveries, handleQueueBatch } from '../lib/websub/sqs-worker';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const { hub, store, queue, now } = createAwsHub(config);

/**
 * Both SQS queues (verifications; deliveries, pings and distribution kicks) and a
 * per-minute EventBridge rule, which finds scheduled articles that came due and
 * distributes any topic change whose kick was lost.
 */
export const handler = observed(async function worker(
  event: SQSEvent | { source: 'aws.events' },
): Promise<SQSBatchResponse | undefined> {
  if ('Records' in event) {
    const { batchItemFailures, counts } = await handleQueueBatch(
      event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
      { hub, queue, store, now },
    );
    countDeliveries(counts, countMetric);
    return { batchItemFailures };
  }
  // Feeds whose articles just fell due settle for one coalescing window, then go out on a nudge.
  if (await hub.checkScheduled(now()))
    await queue.kickDistribution(Math.ceil(config.websub.coalesceMs / 1000) + 1);
  await hub.distribute(now());
  return undefined;
});
