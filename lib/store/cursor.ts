import { ARTICLE_ID_PATTERN } from '../articles/article';
import { type Cursor, type CursorParameter, invalidCursor } from '../cursor';

/**
 * The one cursor codec. A cursor is the base64url of an entry's sort key in its list,
 * so paging continues from it with DynamoDB's ExclusiveStartKey. Clients see it only as
 * an opaque `Cursor`.
 */
/** Feed entries by publishedAt and status entries by updatedAt: `{instant}#{id}` (lib/store/keys.ts). */
const POSITION = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#${ARTICLE_ID_PATTERN}$`);
/** WebSub subscriptions: `{topic} {callback}`, two http(s) URLs (lib/store/keys.ts). */
export const SUBSCRIPTION_POSITION = /^https?:\/\/\S+ https?:\/\/\S+$/;

export function encodeCursor(position: string): Cursor {
  return Buffer.from(position).toString('base64url') as Cursor;
}

/**
 * The position a cursor names; a 400 naming `parameter` for anything this store did not
 * give out. Only the canonical spelling is read (base64url has others for the same bytes,
 * and invalid characters are skipped by Node's decoder): one URL per page, so one
 * validator and one cache entry per page.
 */
export function decodeCursor(parameter: CursorParameter, cursor: Cursor, format = POSITION): string {
  const position = Buffer.from(cursor, 'base64url').toString();
  if (encodeCursor(position) !== cursor || !format.test(position)) throw invalidCursor(parameter);
  return position;
}
