import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../lib/config';
import { createDocumentClient } from '../lib/store/client';
import { createWriteRuntime } from '../lib/write-runtime';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });

export const handler = handle(createWriteRuntime({ config, client }).articlesApp);
