import { type DynamoDBDocumentClient, PutCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { FeedDayDelta } from '../audience/audience-batch';
import type { AudienceStore } from '../audience/audience-store';
import { CLIENT_FAMILIES, type ClientFamily } from '../audience/clients';
import { DistinctSketch } from '../audience/distinct-sketch';
import { audienceKey, audiencePartition } from './keys';
import { queryAll, sendConditional } from './send';

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
});

function fromItem(item: Record<string, unknown>): FeedDayDelta {
  const { day, feed, readers, ...figures } = AudienceItemSchema.parse(item);
  return {
    day,
    feed,
    figures: {
      ...figures,
      readers: Object.fromEntries(
        Object.entries(readers).map(([family, bytes]) => [family, DistinctSketch.fromBytes(bytes)]),
      ) as Partial<Record<ClientFamily, DistinctSketch>>,
    },
  };
}

function toItem({ day, feed, figures }: FeedDayDelta, batch: string) {
  return {
    ...audienceKey(day, feed, batch),
    day,
    feed,
    ...figures,
    readers: Object.fromEntries(
      Object.entries(figures.readers).map(([family, sketch]) => [family, sketch.toBytes()]),
    ),
  };
}

/** Audience figures in the articles table: one conditional PutItem per batch, day and feed; a Query per day. */
export class DynamoAudienceStore implements AudienceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  putDelta(delta: FeedDayDelta, batch: string): Promise<boolean> {
    return sendConditional(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: toItem(delta, batch),
        // Written once: a batch processed again (an SQS redelivery, a retried flush) adds nothing.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async readDay(day: string, feed?: string): Promise<FeedDayDelta[]> {
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
    return (await queryAll<Record<string, unknown>>(this.client, input)).map(fromItem);
  }
}
