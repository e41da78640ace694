import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AdminSessionRecord, AdminSessionStore } from '../admin/admin-sessions';
import { type Item, parseItem } from './item';
import { ADMIN_SESSION_PARTITION, adminSessionKey } from './keys';
import { queryAll, send } from './send';

const SessionItemSchema = z.object({
  sk: z.string(),
  keyId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});

/** The one parser of a session item (ADMINSESSION / {SHA-256 of the token}). */
export function sessionFromItem(item: Item): AdminSessionRecord {
  const { sk, ...rest } = parseItem('admin session', SessionItemSchema, item);
  return { tokenHash: sk, ...rest };
}

/** Admin page sessions in the articles table, under one small partition. */
export class DynamoAdminSessions implements AdminSessionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put({ tokenHash, ...record }: AdminSessionRecord): Promise<void> {
    await send(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: { ...adminSessionKey(tokenHash), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(tokenHash: string): Promise<AdminSessionRecord | undefined> {
    const { Item } = await send(
      this.client,
      new GetCommand({ TableName: this.tableName, Key: adminSessionKey(tokenHash), ConsistentRead: true }),
    );
    return Item ? sessionFromItem(Item) : undefined;
  }

  async delete(tokenHash: string): Promise<void> {
    await send(
      this.client,
      new DeleteCommand({ TableName: this.tableName, Key: adminSessionKey(tokenHash) }),
    );
  }

  async list(): Promise<AdminSessionRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': ADMIN_SESSION_PARTITION },
    });
    return items.map(sessionFromItem);
  }
}
