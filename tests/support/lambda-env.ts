import { vi } from 'vitest';

/**
 * The environment a function in functions/ reads once, at import (lib/config.ts), with
 * DynamoDB on a local engine: stub it before importing the handler, and undo it with
 * `vi.unstubAllEnvs()` after.
 */
export function stubLambdaEnv(tableName: string, dynamoEndpoint: string): void {
  vi.stubEnv('TABLE_NAME', tableName);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamoEndpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('PUBLIC_BASE_URL', 'https://feeds.baobabpost.example');
}
