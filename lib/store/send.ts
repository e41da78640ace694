import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { UnavailableError } from '../errors';

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
 * Sends a command; a throttle or server error that outlived the SDK's retries becomes
 * an `UnavailableError` (503 with Retry-After), never a 500.
 */
export async function send<T = unknown>(client: DynamoDBDocumentClient, command: object): Promise<T> {
  try {
    // lib-dynamodb's command classes don't type-check against the client's union; they are what it sends.
    return (await client.send(command as never)) as T;
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
export async function sendConditional(client: DynamoDBDocumentClient, command: object): Promise<boolean> {
  try {
    await send(client, command);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Every item of a Query, following LastEvaluatedKey, or the first `limit` of them: each
 * page asks only for what is still missing, so a bounded read reads no more than it keeps.
 */
export async function queryAll<T>(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey = input.ExclusiveStartKey;
  do {
    const page = await send<{ Items?: T[]; LastEvaluatedKey?: Record<string, unknown> }>(
      client,
      new QueryCommand({
        ...input,
        ExclusiveStartKey,
        Limit: Number.isFinite(limit) ? limit - items.length : undefined,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && items.length < limit);
  return items;
}
