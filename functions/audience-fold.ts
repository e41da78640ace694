import { foldFinishedDays } from '../lib/audience/day-folding';
import { loadConfig } from '../lib/config';
import { observed } from '../lib/observability/lambda';
import { logger } from '../lib/observability/logger';
import { createDocumentClient } from '../lib/store/client';
import { DynamoAudienceStore } from '../lib/store/dynamo-audience-store';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const store = new DynamoAudienceStore(client, config.tableName);

/** Daily (EventBridge): folds finished days' audience batches into one item per feed. */
export const handler = observed(async () => {
  const report = await foldFinishedDays(store, new Date());
  logger.info('Folded finished days of audience figures', { ...report });
  return report;
});
