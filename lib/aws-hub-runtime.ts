import { SQSClient } from '@aws-sdk/client-sqs';
import { createKeyService } from './auth/key-service';
import type { Config } from './config';
import { createFeedsRuntime } from './feeds-runtime';
import { createHubRuntime } from './hub-runtime';
import { createDocumentClient } from './store/client';
import { DynamoKeyStore } from './store/dynamo-key-store';
import { sqsQueue } from './websub/sqs-queue';

/** The hub as both WebSub Lambda functions build it: the table, SQS for jobs. */
export function createAwsHub(config: Config) {
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const now = () => new Date();
  const queues = config.websub.queues;
  if (!queues) throw new Error('WEBSUB_VERIFY_QUEUE_URL and WEBSUB_DELIVERY_QUEUE_URL must be set');
  const queue = sqsQueue(new SQSClient({ region: config.region }), queues, now);
  const reads = createFeedsRuntime({ config, client, now });
  const runtime = createHubRuntime({
    config,
    client,
    now,
    feeds: reads.feeds,
    articles: reads.store,
    keys: createKeyService({ store: new DynamoKeyStore(client, config.tableName), now }),
    queue,
  });
  return { ...runtime, queue, now };
}
