import { handle } from 'hono/aws-lambda';
import { cloudFrontOnly } from '../lib/aws/cloudfront-only';
import { loadConfig } from '../lib/config';
import { createFeedsRuntime } from '../lib/feeds-runtime';
import { cacheablePublicMisses } from '../lib/http/cache-control';
import { composeApps } from '../lib/http/compose';
import { compression } from '../lib/http/compression';
import { countResponses } from '../lib/http/count-responses';
import { countMetric, observed } from '../lib/observability/lambda';
import { createDocumentClient } from '../lib/store/client';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const runtime = createFeedsRuntime({ config, client, count: countMetric });

// Only CloudFront's requests, checked before anything reads the table; 400s and 404s
// briefly cacheable, so CloudFront absorbs floods of random paths; gzip/br here:
// CloudFront forwards a normalized Accept-Encoding and caches each encoding.
export const handler = observed(
  handle(
    composeApps(
      [runtime.feedsApp, runtime.embedApp],
      [countResponses(countMetric), ...cloudFrontOnly(config), cacheablePublicMisses(), compression()],
    ),
  ),
);
