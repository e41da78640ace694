import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../lib/config';
import { createFeedsRuntime } from '../lib/feeds-runtime';
import { cacheablePublicMisses } from '../lib/http/cache-control';
import { composeApps } from '../lib/http/compose';
import { compression } from '../lib/http/compression';
import { createDocumentClient } from '../lib/store/client';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
const runtime = createFeedsRuntime({ config, client });

// gzip/br here: CloudFront forwards a normalized Accept-Encoding and caches each encoding.
// 400s and 404s briefly cacheable, so CloudFront absorbs floods of random paths.
export const handler = handle(
  composeApps([runtime.feedsApp, runtime.embedApp], [cacheablePublicMisses(), compression()]),
);
