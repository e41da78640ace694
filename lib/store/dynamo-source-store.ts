import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Source } from '../sources/source';
import type { SourceStore } from '../sources/source-store';
import { type Item, parseItem } from './item';
import { SOURCES_PARTITION, sourceKey } from './keys';
import { queryAll, send, sendConditional } from './send';

const count = z.number().int().nonnegative();

/** SOURCES / {id}: a followed feed and how its last polls went. */
const SourceItemSchema = z.object({
  id: z.string(),
  url: z.string(),
  everySeconds: z.number().int().positive(),
  createdAt: z.string(),
  nextRunAt: z.string(),
  lastRunAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  lastError: z.string().optional(),
  failures: count,
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  lastCounts: z
    .object({ created: count, updated: count, unchanged: count, rejected: count, removed: count })
    .optional(),
}) satisfies z.ZodType<Source>;

/** The one parser of a source item. */
export function sourceFromItem(item: Item): Source {
  return parseItem('source', SourceItemSchema, item);
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
    const { Item } = await send(
      this.client,
      new GetCommand({ TableName: this.tableName, Key: sourceKey(id), ConsistentRead: true }),
    );
    return Item ? sourceFromItem(Item) : undefined;
  }

  async list(): Promise<Source[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SOURCES_PARTITION },
      ConsistentRead: true,
    });
    return items.map(sourceFromItem);
  }

  async delete(id: string): Promise<boolean> {
    const { Attributes } = await send(
      this.client,
      new DeleteCommand({ TableName: this.tableName, Key: sourceKey(id), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async claim(id: string, expected: string, until: string): Promise<boolean> {
    return sendConditional(
      this.client,
      new UpdateCommand({
        TableName: this.tableName,
        Key: sourceKey(id),
        UpdateExpression: 'SET nextRunAt = :until',
        ConditionExpression: 'nextRunAt = :expected',
        ExpressionAttributeValues: { ':until': until, ':expected': expected },
      }),
    );
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
    await sendConditional(
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
  }
}
