import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Source } from '../sources/source';
import type { SourceStore } from '../sources/source-store';
import { SOURCES_PARTITION, sourceKey } from './keys';
import { isConditionFailure, queryAll, send } from './send';

function fromItem(item: Record<string, unknown>): Source {
  const { pk: _pk, sk: _sk, ...source } = item;
  return source as unknown as Source;
}

/** Followed sources in the articles table (keys.ts: SOURCES / {id}). */
export class DynamoSourceStore implements SourceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(source: Source): Promise<void> {
    await send(
      this.client,
      new PutCommand({ TableName: this.tableName, Item: { ...sourceKey(source.id), ...source } }),
    );
  }

  async get(id: string): Promise<Source | undefined> {
    const { Item } = await send<{ Item?: Record<string, unknown> }>(
      this.client,
      new GetCommand({ TableName: this.tableName, Key: sourceKey(id), ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async list(): Promise<Source[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SOURCES_PARTITION },
      ConsistentRead: true,
    });
    return items.map(fromItem);
  }

  async delete(id: string): Promise<boolean> {
    const { Attributes } = await send<{ Attributes?: unknown }>(
      this.client,
      new DeleteCommand({ TableName: this.tableName, Key: sourceKey(id), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async claim(id: string, expected: string, until: string): Promise<boolean> {
    try {
      await send(
        this.client,
        new UpdateCommand({
          TableName: this.tableName,
          Key: sourceKey(id),
          UpdateExpression: 'SET nextRunAt = :until',
          ConditionExpression: 'nextRunAt = :expected',
          ExpressionAttributeValues: { ':until': until, ':expected': expected },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async record(id: string, state: Partial<Source>): Promise<void> {
    const entries = Object.entries(state).filter(([name]) => name !== 'id' && name !== 'url');
    const set = entries.filter(([, v]) => v !== undefined);
    const remove = entries.filter(([, v]) => v === undefined).map(([name]) => `#${name}`);
    if (set.length === 0 && remove.length === 0) return;
    const names = Object.fromEntries(entries.map(([name]) => [`#${name}`, name]));
    const values = Object.fromEntries(set.map(([name, v]) => [`:${name}`, v]));
    const expression = [
      set.length ? `SET ${set.map(([name]) => `#${name} = :${name}`).join(', ')}` : '',
      remove.length ? `REMOVE ${remove.join(', ')}` : '',
    ].join(' ');
    try {
      await send(
        this.client,
        new UpdateCommand({
          TableName: this.tableName,
          Key: sourceKey(id),
          UpdateExpression: expression.trim(),
          // A source deleted while it was polled stays deleted.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: set.length ? values : undefined,
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
