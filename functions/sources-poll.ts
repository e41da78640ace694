import { loadConfig } from '../lib/config';
import { observed } from '../lib/observability/lambda';
import { createFollowService } from '../lib/sources/follow-service';
import { refuseNonPublicUrl } from '../lib/sources/public-address';
import { createDocumentClient } from '../lib/store/client';
import { DynamoSourceStore } from '../lib/store/dynamo-source-store';
import { createWriteRuntime } from '../lib/write-runtime';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const now = () => new Date();
const { publishing } = createWriteRuntime({ config, client, now });
const poller = createFollowService({
  sources: new DynamoSourceStore(client, config.tableName),
  publishing,
  now,
  refuseUrl: refuseNonPublicUrl,
});

/** Every minute (EventBridge): polls the followed sources that are due, state in the table. */
export const handler = observed(async (): Promise<{ polled: number; failed: number }> => {
  const runs = await poller.runDue();
  return { polled: runs.length, failed: runs.filter((r) => !r.ok).length };
});
