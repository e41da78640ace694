import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { SaltStore } from '../audience/reader-keys';
import { type Item, parseItem, sortKeyFromItem } from './item';
import { READER_SALT_PARTITION, readerSaltKey } from './keys';
import { send, sendConditional } from './send';

/** READERSALT / {day}: the day's 32 random bytes (a binary attribute). */
const SaltItemSchema = z.object({ salt: z.instanceof(Uint8Array) });

/** The one parser of a reader salt item. */
export function saltFromItem(item: Item): Uint8Array {
  return parseItem('reader salt', SaltItemSchema, item).salt;
}

/** Days a salt outlives its day: log files arrive up to 24 hours late (CloudFront's documentation). */
const SALT_KEEP_DAYS = 2;

/**
 * Daily salts in the table: the first reader of a day creates it (PutItem, only if
 * absent), everyone else reads that one. Creating a day's salt deletes those more than
 * SALT_KEEP_DAYS older, so a reader's hash cannot be recomputed after that: no TTL
 * needed (the embedded engine has none).
 */
export class DynamoReaderSalts implements SaltStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async saltFor(day: string): Promise<Uint8Array> {
    const existing = await this.read(day);
    if (existing) return existing;
    // Whoever wrote first, the salt read below is the one of the day.
    await sendConditional(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: { ...readerSaltKey(day), salt: new Uint8Array(randomBytes(32)) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await this.deleteBefore(day);
    const salt = await this.read(day);
    if (!salt) throw new Error(`The reader salt of ${day} was not stored`);
    return salt;
  }

  private async read(day: string): Promise<Uint8Array | undefined> {
    const { Item } = await send(
      this.client,
      new GetCommand({ TableName: this.tableName, Key: readerSaltKey(day), ConsistentRead: true }),
    );
    return Item ? saltFromItem(Item) : undefined;
  }

  private async deleteBefore(day: string): Promise<void> {
    const cutoff = new Date(Date.parse(day) - SALT_KEEP_DAYS * 86_400_000).toISOString().slice(0, 10);
    const { Items = [] } = await send(
      this.client,
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk < :cutoff',
        ExpressionAttributeValues: { ':pk': READER_SALT_PARTITION, ':cutoff': cutoff },
        ProjectionExpression: 'sk',
      }),
    );
    await Promise.all(
      Items.map(sortKeyFromItem).map((day) =>
        send(this.client, new DeleteCommand({ TableName: this.tableName, Key: readerSaltKey(day) })),
      ),
    );
  }
}
