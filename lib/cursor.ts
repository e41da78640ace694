import { ValidationError } from './errors';

/**
 * A paging cursor as clients hold it: opaque, made and read only by the store
 * (lib/store/cursor.ts), carried everywhere else as this branded string, so a raw
 * position or a client's string cannot be passed where a cursor is meant.
 */
export type Cursor = string & { readonly __brand: 'Cursor' };

/** The query parameters that carry a cursor: feed paging (RFC 5005 §3), the editors' and the admins' listings. */
export type CursorParameter = 'before' | 'after' | 'cursor';

/**
 * base64url without padding: an article position is at most 153 bytes (204 characters), a
 * WebSub subscription's (two URLs, the callback up to 2,000 characters) about 2,100 (2,800).
 */
const CURSOR_TEXT = /^[A-Za-z0-9_-]{1,3000}$/;

/** A cursor the client sent: only its characters and length are checked here; the store reads the rest. */
export function cursorFromClient(parameter: CursorParameter, raw: string): Cursor {
  if (!CURSOR_TEXT.test(raw)) throw invalidCursor(parameter);
  return raw as Cursor;
}

/** A 400 naming the parameter, worded for the API it belongs to. */
export function invalidCursor(parameter: CursorParameter): ValidationError {
  return parameter === 'cursor'
    ? new ValidationError('The cursor is not one this API gave out.', [{ parameter, detail: 'invalid' }])
    : new ValidationError(`${parameter} is not a cursor this feed gave out.`, [
        { parameter, detail: 'must be the value of a next or previous link' },
      ]);
}
