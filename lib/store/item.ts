import * as z from 'zod';

/** A stored item as the DocumentClient returns it: each kind's `fromItem` checks what it reads. */
export type Item = Record<string, unknown>;

/**
 * A stored item that is not what its kind's writer writes (edited by hand, written by an
 * older release, cut short by a projection): a bug to fix, so a 500 naming the item and
 * its fields, never an article or key made up of `undefined`s.
 */
export class MalformedItemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedItemError';
  }
}

/**
 * The one way an item is read: `schema` checks the fields its kind uses; anything else
 * throws a MalformedItemError like `Stored API key item APIKEYS/k1 is malformed: scopes:
 * Invalid input…`. Unknown attributes (keys, TTL, bookkeeping) are dropped.
 */
export function parseItem<S extends z.ZodType>(kind: string, schema: S, item: Item): z.output<S> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const fields = result.error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(item)'}: ${issue.message}`)
    .join('; ');
  const key = [item.pk, item.sk].filter((part) => typeof part === 'string').join('/') || '(key not read)';
  throw new MalformedItemError(`Stored ${kind} item ${key} is malformed: ${fields}`);
}

const SortKeySchema = z.object({ sk: z.string() });

/** An item read for its place only (`ProjectionExpression: 'sk'`), whatever its kind. */
export function sortKeyFromItem(item: Item): string {
  return parseItem('sort key', SortKeySchema, item).sk;
}
