import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handle } from 'hono/aws-lambda';
import { ADMIN_ASSET_DIR } from '../lib/admin/admin-assets';
import { cloudFrontOnly } from '../lib/aws/cloudfront-only';
import { loadConfig } from '../lib/config';
import { composeApps } from '../lib/http/compose';
import { countResponses } from '../lib/http/count-responses';
import { countMetric, observed } from '../lib/observability/lambda';
import { createDocumentClient } from '../lib/store/client';
import { withHubKick } from '../lib/websub/kick-after-writes';
import { sqsQueue } from '../lib/websub/sqs-queue';
import { createWriteRuntime } from '../lib/write-runtime';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
// The admin page's static files are copied beside the bundle (lib/admin/admin-assets.ts ADMIN_ASSET_FILES).
const { articlesApp, adminApp } = createWriteRuntime({
  config,
  client,
  adminAssetsAt: { dir: join(dirname(fileURLToPath(import.meta.url)), ADMIN_ASSET_DIR) },
});
const { queues, coalesceMs } = config.websub;
const hubQueue = queues && sqsQueue(new SQSClient({ region: config.region }), queues, () => new Date());
// Only CloudFront's requests, checked before any key or article is read.
const app = composeApps([articlesApp, adminApp], [countResponses(countMetric), ...cloudFrontOnly(config)]);

export const handler = observed(
  handle(
    hubQueue ? withHubKick(app, () => hubQueue.kickDistribution(Math.ceil(coalesceMs / 1000) + 1)) : app,
  ),
);
