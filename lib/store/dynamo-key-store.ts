import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord, KeyStore } from '../auth/key-store';
import { API_KEYS_PARTITION, apiKeyKey } from './keys';
import { queryAll, send, sendConditional } from './send';

/** API keys in the articles table, under one partition (see keys.ts). */
export class DynamoKeyStore implements KeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(record: ApiKeyRecord): Promise<void> {
    await send(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: { ...apiKeyKey(record.id), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await send<{ Item?: Record<string, unknown> }>(
      this.client,
      new GetCommand({ TableName: this.tableName, Key: apiKeyKey(id), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': API_KEYS_PARTITION },
    });
    return items.map(toRecord);
  }

  revoke(id: string, at: Date): Promise<boolean> {
    return sendConditional(
      this.client,
      new UpdateCommand({
        TableName: this.tableName,
        Key: apiKeyKey(id),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }
}

function toRecord(item: Record<string, unknown>): ApiKeyRecord {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as unknown as ApiKeyRecord;
}
