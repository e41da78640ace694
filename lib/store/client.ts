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
}

// Defined with the configuration, which decides on it too (WEBSUB_PRIVATE_CALLBACKS).
export { isLocalEndpoint } from '../config';

/** Local engines ignore credentials but the SDK still signs; these never reach AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Build once per process (module scope in functions/) and pass it in. */
export function createDocumentClient(options: ClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // Throttling and 5xx are retried with backoff by the SDK; our writes are idempotent.
    maxAttempts: 5,
    retryStrategy: options.retryStrategy,
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

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
