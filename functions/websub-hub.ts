import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../lib/config';
import { createAwsHub } from '../lib/websub/aws-hub';

/** POST /websub and GET /api/websub/subscriptions: requests become jobs on the verification queue. */
export const handler = handle(createAwsHub(loadConfig()).app);
