import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { KEY_SCOPES } from '../auth/api-key';
import type { ApiKeyRecord, KeyStore } from '../auth/key-store';
import { type Item, parseItem } from './item';
import { API_KEYS_PARTITION, apiKeyKey } from './keys';
import { queryAll, send, sendConditional } from './send';

/** APIKEYS / {id}: what is kept of a key (its hashes, never the key). */
const ApiKeyItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  hash: z.string(),
  scopes: z.array(z.enum(KEY_SCOPES)),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
  partner: z
    .object({
      level: z.enum(['full', 'excerpt']),
      utm: z
        .object({ source: z.string(), medium: z.string().optional(), campaign: z.string().optional() })
        .optional(),
    })
    .optional(),
  tokenHash: z.string().optional(),
}) satisfies z.ZodType<ApiKeyRecord>;

/** The one parser of an API key item. */
export function apiKeyFromItem(item: Item): ApiKeyRecord {
  return parseItem('API key', ApiKeyItemSchema, item);
}

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
    const { Item } = await send(
      this.client,
      new GetCommand({ TableName: this.tableName, Key: apiKeyKey(id), ConsistentRead: true }),
    );
    return Item ? apiKeyFromItem(Item) : undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': API_KEYS_PARTITION },
    });
    return items.map(apiKeyFromItem);
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
