import {
  type DynamoDBDocumentClient,
  type DynamoDBDocumentClientResolvedConfig,
  QueryCommand,
  type QueryCommandInput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/lib-dynamodb';
import type { Command } from '@smithy/types';
import type { Cursor } from '../cursor';
import { UnavailableError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';
import { type Item, sortKeyFromItem } from './item';

/** Errors the SDK has already retried with backoff; still failing, they mean "busy, come back". */
const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

/**
 * Any lib-dynamodb command (`GetCommand`, `QueryCommand`, `PutCommand`…), carrying its own
 * input and output types, exactly as `DynamoDBDocumentClient.send` takes it: `send(client,
 * new GetCommand(…))` resolves to a `GetCommandOutput`, typed end to end.
 */
export type DocumentCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  I,
  ServiceOutputTypes,
  O,
  DynamoDBDocumentClientResolvedConfig
>;

/**
 * Sends a command; a throttle or server error that outlived the SDK's retries becomes
 * an `UnavailableError` (503 with Retry-After), never a 500. Maps errors only: the
 * answer is the SDK's own output type.
 */
export async function send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  client: DynamoDBDocumentClient,
  command: DocumentCommand<I, O>,
): Promise<O> {
  try {
    return await client.send(command);
  } catch (error) {
    if (
      error instanceof Error &&
      (TRANSIENT.has(error.name) || (error as { $retryable?: unknown }).$retryable)
    ) {
      throw new UnavailableError('The article store is busy; try again shortly.', 1, { cause: error });
    }
    throw error;
  }
}

/** A write whose ConditionExpression did not hold: nothing was written. */
export const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Sends a conditional write: true when it was written, false when its condition did not hold. */
export async function sendConditional<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  client: DynamoDBDocumentClient,
  command: DocumentCommand<I, O>,
): Promise<boolean> {
  try {
    await send(client, command);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * A Query's items a page at a time, following LastEvaluatedKey, up to `limit` items: each
 * page asks only for what is still missing, so a bounded read reads no more than it keeps.
 * Without a limit, pages are DynamoDB's (1 MB) or `input.Limit` items. Items come back raw:
 * the caller parses them with its kind's `fromItem`.
 */
export async function* queryPages(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit = Number.POSITIVE_INFINITY,
): AsyncIterable<Item[]> {
  let read = 0;
  let ExclusiveStartKey = input.ExclusiveStartKey;
  do {
    const page = await send(
      client,
      new QueryCommand({
        ...input,
        ExclusiveStartKey,
        Limit: Number.isFinite(limit) ? limit - read : input.Limit,
      }),
    );
    const items = page.Items ?? [];
    read += items.length;
    yield items;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && read < limit);
}

/** Every item of a Query (see queryPages), or the first `limit` of them. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit = Number.POSITIVE_INFINITY,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(client, input, limit)) items.push(...page);
  return items;
}

/**
 * One page of partition `pk` from a client's cursor (a 400 naming `cursor` if the store
 * did not give it out; `position` is the sort-key format it must name), and the cursor
 * of the page after it, if any.
 */
export async function queryCursorPage(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'KeyConditionExpression' | 'ExpressionAttributeValues' | 'Limit'>,
  page: { pk: string; limit: number; cursor?: Cursor; position?: RegExp },
): Promise<{ items: Item[]; cursor?: Cursor }> {
  const { pk, limit, cursor, position } = page;
  const start = cursor && decodeCursor('cursor', cursor, position);
  const result = await send(
    client,
    new QueryCommand({
      ...input,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      Limit: limit,
      ExclusiveStartKey: start ? { pk, sk: start } : undefined,
    }),
  );
  const last = result.LastEvaluatedKey;
  return { items: result.Items ?? [], cursor: last ? encodeCursor(sortKeyFromItem(last)) : undefined };
}
