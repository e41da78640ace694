import { repairPendingWrites } from '../lib/articles/pending-repair';
import { loadConfig } from '../lib/config';
import { countMetric, observed, secondsMetric } from '../lib/observability/lambda';
import { logger } from '../lib/observability/logger';
import { createArticleStore } from '../lib/runtime-deps';
import { createDocumentClient } from '../lib/store/client';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const store = createArticleStore({ config, client });

/** Every 5 minutes (EventBridge): finishes article writes whose writer died halfway. */
export const handler = observed(async () => {
  const report = await repairPendingWrites({
    store,
    now: () => new Date(),
    count: countMetric,
    seconds: secondsMetric,
  });
  if (report.repaired > 0) logger.info('Finished interrupted article writes', { ...report });
  return report;
});
