import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { PartnerUsage } from '../auth/partner-usage';
import { type Item, parseItem } from './item';
import { partnerUsageKey } from './keys';
import { send } from './send';

/** PARTNER#{id} / {day}: one partner's requests on one UTC day. */
const UsageItemSchema = z.object({ sk: z.string(), requests: z.number().int().nonnegative() });

/** The one parser of a partner usage item. */
export function usageFromItem(item: Item): { day: string; requests: number } {
  const { sk, requests } = parseItem('partner usage', UsageItemSchema, item);
  return { day: sk, requests };
}

/** Partner counters in the articles table: an atomic ADD per request, a Query per report. */
export class DynamoPartnerUsage implements PartnerUsage {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async count(partnerId: string, at: Date): Promise<void> {
    await send(
      this.client,
      new UpdateCommand({
        TableName: this.tableName,
        Key: partnerUsageKey(partnerId, at.toISOString().slice(0, 10)),
        UpdateExpression: 'ADD requests :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  async daily(partnerId: string, from: string, to: string) {
    const { pk } = partnerUsageKey(partnerId, from);
    const result = await send(
      this.client,
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
      }),
    );
    return (result.Items ?? []).map(usageFromItem);
  }
}
