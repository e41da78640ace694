import { SQSClient } from '@aws-sdk/client-sqs';
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../lib/config';
import { createDocumentClient } from '../lib/store/client';
import { withHubKick } from '../lib/websub/kick-after-writes';
import { sqsQueue } from '../lib/websub/sqs-queue';
import { createWriteRuntime } from '../lib/write-runtime';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const { articlesApp } = createWriteRuntime({ config, client });
const { queues, coalesceMs } = config.websub;
const hubQueue = queues && sqsQueue(new SQSClient({ region: config.region }), queues, () => new Date());

export const handler = handle(
  hubQueue
    ? withHubKick(articlesApp, () => hubQueue.kickDistribution(Math.ceil(coalesceMs / 1000) + 1))
    : articlesApp,
);
