import { handle } from 'hono/aws-lambda';
import { cloudFrontOnly } from '../lib/aws/cloudfront-only';
import { createAwsHub } from '../lib/aws-hub-runtime';
import { loadConfig } from '../lib/config';
import { composeApps } from '../lib/http/compose';
import { observed } from '../lib/observability/lambda';

const config = loadConfig();

/**
 * POST /websub and GET /api/websub/subscriptions: requests become jobs on the
 * verification queue. Only CloudFront's requests, checked before anything is read.
 */
export const handler = observed(handle(composeApps([createAwsHub(config).app], cloudFrontOnly(config))));
