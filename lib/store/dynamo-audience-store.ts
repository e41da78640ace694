import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { FeedDayDelta } from '../audience/audience-batch';
import type { DayItem, FoldingStore } from '../audience/audience-store';
import { CLIENT_FAMILIES, type ClientFamily } from '../audience/clients';
import { DistinctSketch } from '../audience/distinct-sketch';
import { type Item, parseItem } from './item';
import { audienceKey, audiencePartition } from './keys';
import { queryAll, queryPages, send, sendConditional } from './send';

const counts = z.record(z.string(), z.number().int().nonnegative());

/** The one parser of an audience item (docs/data-model.md). */
const AudienceItemSchema = z.object({
  day: z.string(),
  feed: z.string(),
  requests: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  notModified: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  families: z.partialRecord(z.enum(CLIENT_FAMILIES), z.number().int().nonnegative()),
  clients: counts,
  partners: counts,
  aggregators: z.record(
    z.string(),
    z.object({ subscribers: z.number().int().nonnegative(), at: z.string() }),
  ),
  readers: z.partialRecord(z.enum(CLIENT_FAMILIES), z.instanceof(Uint8Array)),
  /** On a folded day (lib/audience/day-folding.ts): the tags of the batches it holds. */
  folded: z.array(z.string()).optional(),
  sk: z.string(),
});

export function audienceFromItem(item: Item): DayItem {
  const {
    feed,
    readers,
    folded,
    sk,
    day: _day,
    ...figures
  } = parseItem('audience', AudienceItemSchema, item);
  return {
    feed,
    batch: sk.slice(feed.length + 1),
    figures: {
      ...figures,
      readers: Object.fromEntries(
        Object.entries(readers).map(([family, bytes]) => [family, DistinctSketch.fromBytes(bytes)]),
      ) as Partial<Record<ClientFamily, DistinctSketch>>,
    },
    ...(folded && { folded }),
  };
}

function toItem(day: string, { feed, batch, figures, folded }: DayItem) {
  return {
    ...audienceKey(day, feed, batch),
    day,
    feed,
    ...figures,
    readers: Object.fromEntries(
      Object.entries(figures.readers).map(([family, sketch]) => [family, sketch.toBytes()]),
    ),
    ...(folded && { folded }),
  };
}

/** Deletes at once: a folded day of a busy feed has hundreds of batches. */
const PARALLEL_DELETES = 16;

/** Audience figures in the articles table: one conditional PutItem per batch, day and feed; a Query per day. */
export class DynamoAudienceStore implements FoldingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Items per Query page when folding; DynamoDB's 1 MB pages by default (tests page smaller). */
    private readonly pageSize?: number,
  ) {}

  putDelta({ day, feed, figures }: FeedDayDelta, batch: string): Promise<boolean> {
    return sendConditional(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: toItem(day, { feed, batch, figures }),
        // Written once: a batch processed again (an SQS redelivery, a retried flush) adds nothing.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async readDayItems(day: string, feed?: string): Promise<DayItem[]> {
    const input: QueryCommandInput = feed
      ? {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :feed)',
          ExpressionAttributeValues: { ':pk': audiencePartition(day), ':feed': `${feed}@` },
        }
      : {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': audiencePartition(day) },
        };
    return (await queryAll(this.client, input)).map(audienceFromItem);
  }

  async *dayItemPages(day: string): AsyncIterable<DayItem[]> {
    const pages = queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': audiencePartition(day) },
      Limit: this.pageSize,
    });
    for await (const page of pages) yield page.map(audienceFromItem);
  }

  putFolded(day: string, item: DayItem & { folded: string[] }, replacing?: number): Promise<boolean> {
    return sendConditional(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: toItem(day, item),
        ...(replacing === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'size(folded) = :held',
              ExpressionAttributeValues: { ':held': replacing },
            }),
      }),
    );
  }

  async deleteBatches(day: string, feed: string, batches: string[]): Promise<void> {
    for (let i = 0; i < batches.length; i += PARALLEL_DELETES) {
      await Promise.all(
        batches
          .slice(i, i + PARALLEL_DELETES)
          .map((batch) =>
            send(
              this.client,
              new DeleteCommand({ TableName: this.tableName, Key: audienceKey(day, feed, batch) }),
            ),
          ),
      );
    }
  }
}
