import { handle } from 'hono/aws-lambda';
import { createFeedsRuntime } from '../lib/app';
import { loadConfig } from '../lib/config';
import { createDocumentClient } from '../lib/store/client';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });

export const handler = handle(createFeedsRuntime({ config, client }).feedsApp);
