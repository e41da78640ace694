import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createKeyService } from '../lib/auth/key-service';
import { loadConfig } from '../lib/config';
import { createFeedsRuntime } from '../lib/feeds-runtime';
import { createDocumentClient } from '../lib/store/client';
import { DynamoKeyStore } from '../lib/store/dynamo-key-store';
import { createHubRuntime } from '../lib/websub/runtime';
import { sqsQueue } from '../lib/websub/sqs-queue';
import { emitHubMetrics, handleQueueBatch } from '../lib/websub/sqs-worker';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const now = () => new Date();
const queues = config.websub.queues;
if (!queues) throw new Error('WEBSUB_VERIFY_QUEUE_URL and WEBSUB_DELIVERY_QUEUE_URL must be set');
const queue = sqsQueue(new SQSClient({ region: config.region }), queues, now);
const reads = createFeedsRuntime({ config, client, now });
const { hub, store } = createHubRuntime({
  config,
  client,
  now,
  feeds: reads.feeds,
  articles: reads.store,
  keys: createKeyService({ store: new DynamoKeyStore(client, config.tableName), now }),
  queue,
});

/**
 * Both SQS queues (verifications; deliveries, pings and distribution kicks) and a
 * per-minute EventBridge rule, which finds scheduled articles that came due and
 * distributes any topic change whose kick was lost.
 */
export async function handler(
  event: SQSEvent | { source: 'aws.events' },
): Promise<SQSBatchResponse | undefined> {
  if ('Records' in event) {
    const { batchItemFailures, counts } = await handleQueueBatch(
      event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
      { hub, queue, store, now },
    );
    emitHubMetrics(counts, now());
    return { batchItemFailures };
  }
  // Feeds whose articles just fell due settle for one coalescing window, then go out on a nudge.
  if (await hub.checkScheduled(now()))
    await queue.kickDistribution(Math.ceil(config.websub.coalesceMs / 1000) + 1);
  await hub.distribute(now());
  return undefined;
}
