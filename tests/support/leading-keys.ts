import type { RecordedCall } from './dynamo-calls';

/**
 * What IAM's `dynamodb:LeadingKeys` sees of a recorded call, to check the key patterns
 * a function's grant allows (lib/store/keys.ts) against what its code really sends.
 */

/** IAM `StringLike`: `*` any run of characters, `?` one character. */
export function stringLike(value: string, pattern: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** True when one of the patterns allows `pk`. */
export const allowedBy = (patterns: readonly string[], pk: string) =>
  patterns.some((pattern) => stringLike(pk, pattern));

/** The partition key a call names: Key.pk or Item.pk for item calls, the `pk = :x` bound of a Query. */
export function partitionOf(call: RecordedCall): string {
  const { Key, Item, ExpressionAttributeValues, KeyConditionExpression } = call.input as {
    Key?: { pk: unknown };
    Item?: { pk: unknown };
    ExpressionAttributeValues?: Record<string, unknown>;
    KeyConditionExpression?: string;
  };
  // Document client commands carry plain values, low-level ones `{ S: … }`.
  const text = (value: unknown) =>
    typeof value === 'string' ? value : (value as { S?: string } | undefined)?.S;
  const bound = /pk = (:\w+)/.exec(KeyConditionExpression ?? '')?.[1];
  const named = Key ?? Item;
  const pk = named ? text(named.pk) : bound ? text(ExpressionAttributeValues?.[bound]) : undefined;
  if (pk !== undefined) return pk;
  throw new Error(`${call.command} names no partition key: ${JSON.stringify(call.input)}`);
}
