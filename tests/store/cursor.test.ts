import { describe, expect, it } from 'vitest';
import { type Cursor, cursorFromClient } from '../../lib/cursor';
import { ValidationError } from '../../lib/errors';
import { decodeCursor, encodeCursor, SUBSCRIPTION_POSITION } from '../../lib/store/cursor';

/** The one cursor codec (lib/store/cursor.ts) and the one check of what clients send (lib/cursor.ts). */

const POSITION = '2026-11-26T08:00:00.000Z#a.b_c~d-1';

function problemOf(act: () => unknown): { message: string; issues: unknown[] } {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('cursor codec', () => {
  it('reads back every position it writes, as base64url', () => {
    const cursor = encodeCursor(POSITION);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('before', cursor)).toBe(POSITION);
    const longest = `2026-11-26T08:00:00.000Z#${'x'.repeat(128)}`;
    expect(decodeCursor('cursor', cursorFromClient('cursor', encodeCursor(longest)))).toBe(longest);
  });

  it('refuses another spelling of the same bytes: one URL per page', () => {
    const cursor = encodeCursor(POSITION);
    // Padding, and a last character whose unused bits are set, decode to the same bytes in Node.
    const padded = `${cursor}==` as Cursor;
    const lastBits =
      `${cursor.slice(0, -1)}${String.fromCharCode(cursor.charCodeAt(cursor.length - 1) + 1)}` as Cursor;
    expect(Buffer.from(lastBits, 'base64url').toString()).toBe(POSITION);
    expect(() => decodeCursor('before', padded)).toThrow(ValidationError);
    expect(() => decodeCursor('before', lastBits)).toThrow(ValidationError);
  });

  it.each([
    ['an id the article model refuses', '2026-11-26T08:00:00.000Z#-leading-hyphen'],
    ['an id too long', `2026-11-26T08:00:00.000Z#${'x'.repeat(129)}`],
    ['an instant without milliseconds', '2026-11-26T08:00:00Z#a1'],
    ['no id', '2026-11-26T08:00:00.000Z#'],
    ['anything else', 'ARTICLE#a1'],
  ])('refuses a position with %s', (_, position) => {
    expect(() => decodeCursor('after', encodeCursor(position))).toThrow(ValidationError);
  });

  it('names the parameter, in the words of its API', () => {
    const feed = problemOf(() => decodeCursor('after', 'bogus' as Cursor));
    expect(feed.message).toBe('after is not a cursor this feed gave out.');
    expect(feed.issues).toEqual([
      { parameter: 'after', detail: 'must be the value of a next or previous link' },
    ]);
    const api = problemOf(() => decodeCursor('cursor', encodeCursor('x') as Cursor));
    expect(api.message).toBe('The cursor is not one this API gave out.');
    expect(api.issues).toEqual([{ parameter: 'cursor', detail: 'invalid' }]);
  });
});

describe('subscription cursors', () => {
  it('read back a subscription position, and refuse an article position', () => {
    const position = 'https://feeds.example/rss.xml https://reader.example/cb?t=1';
    expect(decodeCursor('cursor', encodeCursor(position), SUBSCRIPTION_POSITION)).toBe(position);
    const article = encodeCursor('2026-11-26T08:00:00.000Z#a1');
    expect(problemOf(() => decodeCursor('cursor', article, SUBSCRIPTION_POSITION)).issues).toEqual([
      { parameter: 'cursor', detail: 'invalid' },
    ]);
  });
});

describe('cursorFromClient', () => {
  it('takes base64url of up to 3,000 characters (a subscription position is up to ~2,800) as it is, and nothing else', () => {
    expect(cursorFromClient('before', 'abc_-9')).toBe('abc_-9');
    expect(cursorFromClient('before', 'a'.repeat(3_000))).toHaveLength(3_000);
    for (const raw of ['', 'a'.repeat(3_001), 'a+b', 'a/b', 'ab==', 'a b', 'é'])
      expect(problemOf(() => cursorFromClient('before', raw)).issues).toEqual([
        { parameter: 'before', detail: 'must be the value of a next or previous link' },
      ]);
  });
});
