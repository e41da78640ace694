import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEY_SCHEMA } from './keys';

export interface ClientOptions {
  region: string;
  /** A local engine (dynalite, DynamoDB Local); unset on AWS. */
  endpoint?: string;
  /** Local engines accept any credentials; AWS uses the default provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Tests only: the SDK's retry strategy (e.g. no backoff delay while faults are injected). */
  retryStrategy?: DynamoDBClientConfig['retryStrategy'];
  /**
   * Per-attempt limits. @default AWS_TIMEOUTS on AWS (no `endpoint`); none for local
   * engines, whose answers may take seconds on a loaded machine and hang nobody's Lambda.
   */
  timeouts?: SdkTimeouts;
}

export interface SdkTimeouts {
  /** Opening a connection (TCP and TLS): a black-holed address fails after this. */
  connectionMs: number;
  /** A socket idle this long mid-request (an endpoint that accepts and never answers) fails the attempt. */
  requestMs: number;
}

/** Attempts per call, the first included: throttling and 5xx are retried with backoff. */
export const MAX_ATTEMPTS = 5;

/**
 * Per attempt on AWS, so one hung call cannot eat a Lambda's whole timeout. A DynamoDB
 * GetItem or Query answers in milliseconds (a 1 MB page in a few hundred at most), and
 * an in-region TLS handshake in tens. A timed-out attempt is a `TimeoutError`, which the
 * SDK retries; after MAX_ATTEMPTS it becomes a 503 (lib/store/send.ts). Worst case for an
 * endpoint that never answers: 5 × 1 s plus the backoff between attempts (at most
 * 0.1 + 0.2 + 0.4 + 0.8 s): about 6.5 s, inside the feeds' 10 s and the articles' 15 s
 * (infra/stacks/api-stack.ts); tests/store/sdk-timeouts.test.ts measures it.
 */
export const AWS_TIMEOUTS: SdkTimeouts = { connectionMs: 500, requestMs: 1000 };

// Defined with the configuration, which decides on it too (WEBSUB_PRIVATE_CALLBACKS).
export { isLocalEndpoint } from '../config';

/** Local engines ignore credentials but the SDK still signs; these never reach AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Build once per process (module scope in functions/) and pass it in. */
export function createDocumentClient(options: ClientOptions): DynamoDBDocumentClient {
  const timeouts = options.timeouts ?? (options.endpoint === undefined ? AWS_TIMEOUTS : undefined);
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // Throttling, 5xx and timeouts are retried with backoff by the SDK; our writes are idempotent.
    maxAttempts: MAX_ATTEMPTS,
    retryStrategy: options.retryStrategy,
    // The SDK builds its NodeHttpHandler from these (no import of @smithy/node-http-handler).
    // Without throwOnRequestTimeout the handler only logs a warning when requestTimeout
    // passes and keeps waiting: the hung call this limit exists for.
    requestHandler: timeouts
      ? {
          connectionTimeout: timeouts.connectionMs,
          requestTimeout: timeouts.requestMs,
          throwOnRequestTimeout: true,
        }
      : undefined,
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: MARSHALL_OPTIONS });
}

/** How stored items are written: what `npm run fuzz` round-trips articles through (tests/fuzz). */
export const MARSHALL_OPTIONS = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;

/** Creates the table from the shared key design if it does not exist (local engines only). */
export async function ensureTable(client: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ResourceNotFoundException') throw error;
  }
  const { partitionKey, sortKey } = TABLE_KEY_SCHEMA;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: partitionKey.name, AttributeType: partitionKey.type },
        { AttributeName: sortKey.name, AttributeType: sortKey.type },
      ],
      KeySchema: [
        { AttributeName: partitionKey.name, KeyType: 'HASH' },
        { AttributeName: sortKey.name, KeyType: 'RANGE' },
      ],
    }),
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Table ${tableName} did not become active`);
}
