import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Cursor } from '../cursor';
import type { DeadLetter, DeliveryResult, HubJob, Subscription, TopicChange } from '../websub/model';
import type { WebSubStore } from '../websub/websub-store';
import { SUBSCRIPTION_POSITION } from './cursor';
import { type Item, parseItem, sortKeyFromItem } from './item';
import {
  TTL_ATTRIBUTE,
  topicPrefix,
  WEBSUB_CHANGES_PARTITION,
  WEBSUB_DEAD_LETTERS_PARTITION,
  WEBSUB_OUTBOX_PARTITION,
  WEBSUB_SCHEDULE_CLOCK_KEY,
  WEBSUB_SUBSCRIPTIONS_PARTITION,
  websubChangeKey,
  websubDeadLetterKey,
  websubJobKey,
  websubSubscriptionKey,
} from './keys';
import { queryAll, queryCursorPage, send, sendConditional } from './send';

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Dead letters stay 30 days for admins to look at, then TTL (or the local sweep) removes them. */
const DEAD_LETTER_DAYS = 30;

/** Subscriptions, topic changes, the local outbox and dead letters, in the articles table. */
export class DynamoWebSubStore implements WebSubStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putSubscription(s: Subscription): Promise<void> {
    await send(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...websubSubscriptionKey(s.topic, s.callback),
          ...s,
          // DynamoDB TTL removes the item once the lease is over (within a day or two: reads filter too).
          [TTL_ATTRIBUTE]: epochSeconds(s.expiresAt),
        },
      }),
    );
  }

  async deleteSubscription(topic: string, callback: string): Promise<void> {
    await send(
      this.client,
      new DeleteCommand({ TableName: this.tableName, Key: websubSubscriptionKey(topic, callback) }),
    );
  }

  async getSubscription(topic: string, callback: string): Promise<Subscription | undefined> {
    const { Item } = await send(
      this.client,
      // Strongly consistent: a renewal's new secret signs the very next delivery.
      new GetCommand({
        TableName: this.tableName,
        Key: websubSubscriptionKey(topic, callback),
        ConsistentRead: true,
      }),
    );
    return Item && subscriptionFromItem(Item);
  }

  async listSubscriptionPage(page: {
    limit: number;
    cursor?: Cursor;
  }): Promise<{ items: Subscription[]; cursor?: Cursor }> {
    const { items, cursor } = await queryCursorPage(
      this.client,
      { TableName: this.tableName },
      { ...page, pk: WEBSUB_SUBSCRIPTIONS_PARTITION, position: SUBSCRIPTION_POSITION },
    );
    return { items: items.map(subscriptionFromItem), cursor };
  }

  async listSubscriptions(topic?: string): Promise<Subscription[]> {
    const items = await this.query(
      topic
        ? {
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :topic)',
            ExpressionAttributeValues: {
              ':pk': WEBSUB_SUBSCRIPTIONS_PARTITION,
              ':topic': topicPrefix(topic),
            },
          }
        : {
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': WEBSUB_SUBSCRIPTIONS_PARTITION },
          },
    );
    return items.map(subscriptionFromItem);
  }

  async recordDelivery(topic: string, callback: string, result: DeliveryResult): Promise<void> {
    // Unsubscribed (or expired) meanwhile: nothing to record on.
    await sendConditional(
      this.client,
      new UpdateCommand({
        TableName: this.tableName,
        Key: websubSubscriptionKey(topic, callback),
        UpdateExpression: 'SET lastDelivery = :result',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':result': result },
      }),
    );
  }

  async deleteExpired(now: Date): Promise<number> {
    const at = now.toISOString();
    const expired = (await this.listSubscriptions()).filter((s) => s.expiresAt <= at);
    for (const s of expired) {
      await sendConditional(
        this.client,
        new DeleteCommand({
          TableName: this.tableName,
          Key: websubSubscriptionKey(s.topic, s.callback),
          // A renewal that landed meanwhile keeps the subscription.
          ConditionExpression: 'expiresAt <= :at',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    }
    const letters = await this.query({
      KeyConditionExpression: 'pk = :pk AND sk < :old',
      ExpressionAttributeValues: {
        ':pk': WEBSUB_DEAD_LETTERS_PARTITION,
        ':old': new Date(now.getTime() - DEAD_LETTER_DAYS * 86_400_000).toISOString(),
      },
    });
    for (const sk of letters.map(sortKeyFromItem))
      await send(
        this.client,
        new DeleteCommand({ TableName: this.tableName, Key: { pk: WEBSUB_DEAD_LETTERS_PARTITION, sk } }),
      );
    return expired.length;
  }

  async markChanged(scopeIds: string[], now: Date): Promise<void> {
    await Promise.all(scopeIds.map((id) => markTopicChanged(this.client, this.tableName, id, now)));
  }

  async listChanges(): Promise<TopicChange[]> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': WEBSUB_CHANGES_PARTITION },
      ConsistentRead: true,
    });
    return items.map(changeFromItem);
  }

  async clearChange(change: TopicChange, at: Date): Promise<void> {
    const cleared = await sendConditional(
      this.client,
      new DeleteCommand({
        TableName: this.tableName,
        Key: websubChangeKey(change.scopeId),
        ConditionExpression: 'changes = :seen',
        ExpressionAttributeValues: { ':seen': change.changes },
      }),
    );
    if (cleared) return;
    // Changed again meanwhile (a burst goes on): the marker stays for the newer content,
    // and its maximum wait starts over, so a long import delivers every so often, not
    // on every pass.
    await sendConditional(
      this.client,
      new UpdateCommand({
        TableName: this.tableName,
        Key: websubChangeKey(change.scopeId),
        UpdateExpression: 'SET firstAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }

  async putJob(job: HubJob): Promise<void> {
    // A job already pending for the same subscription keeps its attempts and schedule:
    // it will send the latest content anyway, so the burst costs one delivery.
    const { id, attempts, firstAt, nextAt, generation: _, ...rest } = job;
    await send(
      this.client,
      new UpdateCommand({
        TableName: this.tableName,
        Key: websubJobKey(id),
        UpdateExpression:
          'SET job = :job, attempts = if_not_exists(attempts, :attempts), firstAt = if_not_exists(firstAt, :firstAt), nextAt = if_not_exists(nextAt, :nextAt) ADD generation :one',
        ExpressionAttributeValues: {
          ':job': rest,
          ':attempts': attempts,
          ':firstAt': firstAt,
          ':nextAt': nextAt,
          ':one': 1,
        },
      }),
    );
  }

  async updateJob(job: HubJob): Promise<void> {
    await send(
      this.client,
      new UpdateCommand({
        TableName: this.tableName,
        Key: websubJobKey(job.id),
        UpdateExpression: 'SET attempts = :attempts, nextAt = :nextAt',
        ExpressionAttributeValues: { ':attempts': job.attempts, ':nextAt': job.nextAt },
      }),
    );
  }

  async listJobs(): Promise<HubJob[]> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': WEBSUB_OUTBOX_PARTITION },
      ConsistentRead: true,
    });
    return items.map(jobFromItem);
  }

  async deleteJob(job: HubJob): Promise<void> {
    await sendConditional(
      this.client,
      new DeleteCommand({
        TableName: this.tableName,
        Key: websubJobKey(job.id),
        // A newer change joined while this one ran: the job stays, and runs again with it.
        ConditionExpression: 'generation = :seen',
        ExpressionAttributeValues: { ':seen': job.generation ?? 0 },
      }),
    );
  }

  async putDeadLetter(letter: DeadLetter): Promise<void> {
    const expires = new Date(Date.parse(letter.at) + DEAD_LETTER_DAYS * 86_400_000).toISOString();
    // The secret is not needed to read what failed: it never leaves the subscription.
    const job = letter.job.kind === 'verify' ? { ...letter.job, secret: undefined } : letter.job;
    await send(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...websubDeadLetterKey(letter.at, letter.job.id),
          ...letter,
          job,
          [TTL_ATTRIBUTE]: epochSeconds(expires),
        },
      }),
    );
  }

  async listDeadLetters(limit: number): Promise<DeadLetter[]> {
    const items = await this.query(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': WEBSUB_DEAD_LETTERS_PARTITION },
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map(deadLetterFromItem);
  }

  async getScheduleClock(): Promise<string | undefined> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': WEBSUB_SCHEDULE_CLOCK_KEY.pk, ':sk': WEBSUB_SCHEDULE_CLOCK_KEY.sk },
      ConsistentRead: true,
    });
    const [clock] = items;
    return clock ? scheduleClockFromItem(clock) : undefined;
  }

  async setScheduleClock(at: string): Promise<void> {
    await sendConditional(
      this.client,
      new UpdateCommand({
        TableName: this.tableName,
        Key: WEBSUB_SCHEDULE_CLOCK_KEY,
        UpdateExpression: 'SET checkedUntil = :at',
        // Two workers may run at once: the clock only moves forward.
        ConditionExpression: 'attribute_not_exists(checkedUntil) OR checkedUntil < :at',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  private query(input: Omit<QueryCommandInput, 'TableName'>, limit?: number): Promise<Item[]> {
    return queryAll(this.client, { ...input, TableName: this.tableName }, limit);
  }
}

/**
 * The article write path marks each feed it touched, as one of its convergent steps
 * (see DynamoArticleStore.sync): `changes` goes up with every write, `firstAt` stays
 * at the first write of a burst, `lastAt` follows the latest.
 */
export async function markTopicChanged(
  client: DynamoDBDocumentClient,
  tableName: string,
  scopeId: string,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await send(
    client,
    new UpdateCommand({
      TableName: tableName,
      Key: websubChangeKey(scopeId),
      UpdateExpression: 'SET lastAt = :at, firstAt = if_not_exists(firstAt, :at) ADD changes :one',
      ExpressionAttributeValues: { ':at': at, ':one': 1 },
    }),
  );
}

const DeliveryResultSchema = z.object({
  at: z.string(),
  status: z.number().int(),
  outcome: z.enum(['delivered', 'retrying', 'gone', 'dead']),
  detail: z.string().optional(),
}) satisfies z.ZodType<DeliveryResult>;

/** WEBSUB#SUBS / {topic} {callback}: a subscriber's lease and how its last delivery went. */
const SubscriptionItemSchema = z.object({
  topic: z.string(),
  callback: z.string(),
  secret: z.string().optional(),
  leaseSeconds: z.number().int().nonnegative(),
  expiresAt: z.string(),
  createdAt: z.string(),
  lastDelivery: DeliveryResultSchema.optional(),
}) satisfies z.ZodType<Subscription>;

export function subscriptionFromItem(item: Item): Subscription {
  return parseItem('WebSub subscription', SubscriptionItemSchema, item);
}

/** WEBSUB#CHANGED / {scope}: a feed changed since its subscribers were last sent it. */
const ChangeItemSchema = z.object({
  sk: z.string(),
  firstAt: z.string(),
  lastAt: z.string(),
  changes: z.number().int().nonnegative(),
});

export function changeFromItem(item: Item): TopicChange {
  const { sk, ...change } = parseItem('WebSub topic change', ChangeItemSchema, item);
  return { scopeId: sk, ...change };
}

/** What a job is, apart from its schedule (`job` of an outbox item; a dead letter's job adds the schedule). */
const JobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('verify'),
    mode: z.enum(['subscribe', 'unsubscribe']),
    topic: z.string(),
    callback: z.string(),
    leaseSeconds: z.number().int().nonnegative(),
    secret: z.string().optional(),
  }),
  z.object({ kind: z.literal('deny'), topic: z.string(), callback: z.string(), reason: z.string() }),
  z.object({ kind: z.literal('deliver'), topic: z.string(), callback: z.string() }),
  z.object({ kind: z.literal('ping'), hub: z.string(), topic: z.string() }),
]);

const ScheduleSchema = z.object({
  attempts: z.number().int().nonnegative(),
  firstAt: z.string(),
  nextAt: z.string(),
  generation: z.number().int().optional(),
});

/** WEBSUB#OUTBOX / {job id}: a pending verification or delivery (local engine). */
const JobItemSchema = ScheduleSchema.extend({ sk: z.string(), job: JobSchema });

export function jobFromItem(item: Item): HubJob {
  const { sk, job, generation, ...schedule } = parseItem('WebSub job', JobItemSchema, item);
  return { ...job, id: sk, ...schedule, generation: generation ?? 0 };
}

/** WEBSUB#DEAD / {at}#{id}: a delivery given up, with the job as it last ran. */
const DeadLetterItemSchema = z.object({
  job: z.intersection(JobSchema, ScheduleSchema.extend({ id: z.string() })),
  at: z.string(),
  lastResult: DeliveryResultSchema,
}) satisfies z.ZodType<DeadLetter>;

export function deadLetterFromItem(item: Item): DeadLetter {
  return parseItem('WebSub dead letter', DeadLetterItemSchema, item);
}

/** WEBSUB#CLOCK / scheduled: how far scheduled entries have been checked. */
const ScheduleClockItemSchema = z.object({ checkedUntil: z.string() });

export function scheduleClockFromItem(item: Item): string {
  return parseItem('WebSub schedule clock', ScheduleClockItemSchema, item).checkedUntil;
}
