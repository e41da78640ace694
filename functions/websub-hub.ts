import { SQSClient } from '@aws-sdk/client-sqs';
import { handle } from 'hono/aws-lambda';
import { createKeyService } from '../lib/auth/key-service';
import { loadConfig } from '../lib/config';
import { createFeedsRuntime } from '../lib/feeds-runtime';
import { createDocumentClient } from '../lib/store/client';
import { DynamoKeyStore } from '../lib/store/dynamo-key-store';
import { createHubRuntime } from '../lib/websub/runtime';
import { sqsQueue } from '../lib/websub/sqs-queue';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const now = () => new Date();
const queues = config.websub.queues;
if (!queues) throw new Error('WEBSUB_VERIFY_QUEUE_URL and WEBSUB_DELIVERY_QUEUE_URL must be set');
const reads = createFeedsRuntime({ config, client, now });

/** POST /websub and GET /api/websub/subscriptions: requests become jobs on the verification queue. */
export const handler = handle(
  createHubRuntime({
    config,
    client,
    now,
    feeds: reads.feeds,
    articles: reads.store,
    keys: createKeyService({ store: new DynamoKeyStore(client, config.tableName), now }),
    queue: sqsQueue(new SQSClient({ region: config.region }), queues, now),
  }).app,
);
