import { type Cursor, cursorFromClient } from '../cursor';
import { ValidationError } from '../errors';

/**
 * What a feed request may ask for beyond its scope and format: `limit`, a page cursor
 * (`before` for older, `after` for newer; RFC 5005 §3 paged feeds) and `since` for
 * newsletter tools. Other query parameters (utm_…, cache busters) are ignored, exactly
 * as the CDN's cache key ignores them.
 */
export interface FeedQuery {
  limit: number;
  /** As the client sent it (a `next` link's): the store reads it when the page is read. */
  before?: Cursor;
  after?: Cursor;
  since?: Date;
  /** `since` as the request spelled it (validated), echoed in the feed's own links. */
  sinceText?: string;
  /** A partner's feed token, carried into every link of its feed (see lib/auth/api-key.ts). */
  token?: string;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/** The parameters that change a feed's output: the CDN keys its cache on exactly these. */
export const FEED_QUERY_PARAMETERS = ['limit', 'before', 'after', 'since', 'token'] as const;

const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** `?limit=`: a whole number from 1 to `max`; anything else is a 400 naming the parameter. */
export function parseLimit(raw: string, max: number): number {
  const n = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= max)) {
    throw new ValidationError(`limit must be a whole number from 1 to ${max}.`, [
      { parameter: 'limit', detail: `must be an integer from 1 to ${max}, got "${raw.slice(0, 40)}"` },
    ]);
  }
  return n;
}

export function parseFeedQuery(params: Record<string, string | undefined>): FeedQuery {
  const query: FeedQuery = { limit: DEFAULT_LIMIT };
  const { limit, before, after, since, token } = params;
  if (limit !== undefined) query.limit = parseLimit(limit, MAX_LIMIT);
  if (before !== undefined && after !== undefined) {
    throw new ValidationError('Give before or after, not both.', [
      { parameter: 'after', detail: 'cannot be combined with before' },
    ]);
  }
  if (before !== undefined) query.before = cursorFromClient('before', before);
  if (after !== undefined) query.after = cursorFromClient('after', after);
  if (since !== undefined) {
    const at = RFC_3339.test(since) && onCalendar(since) ? new Date(since) : undefined;
    if (!at || Number.isNaN(at.getTime())) {
      throw new ValidationError('since must be an RFC 3339 date-time.', [
        { parameter: 'since', detail: `must be like 2026-11-26T08:00:00Z, got "${since.slice(0, 40)}"` },
      ]);
    }
    query.since = at;
    query.sinceText = since.toUpperCase();
  }
  if (token !== undefined) query.token = token.slice(0, 200);
  return query;
}

/**
 * RFC 3339 §5.7: the day exists in its month (29 February only in leap years) and the
 * hour is below 24. `Date` would read 2026-02-30 as 2 March and T24:00 as the next day.
 */
function onCalendar(text: string): boolean {
  const [year, month, day, hour] = [
    text.slice(0, 4),
    text.slice(5, 7),
    text.slice(8, 10),
    text.slice(11, 13),
  ].map(Number) as [number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day >= 1 && day <= days && hour < 24;
}

/**
 * The canonical query string (leading "?", or "" for the defaults): one URL per page, one
 * validator per URL. `since` is echoed as the request spelled it (RFC 3339 allows several
 * spellings of one instant; a self link must name the document that was asked for), with
 * only `+` escaped (it would read as a space) and `t`/`z` uppercased.
 */
export function feedQueryString(query: Partial<FeedQuery>): string {
  const params: string[] = [];
  if (query.limit !== undefined && query.limit !== DEFAULT_LIMIT) params.push(`limit=${query.limit}`);
  if (query.since)
    params.push(`since=${(query.sinceText ?? query.since.toISOString()).replace(/\+/g, '%2B')}`);
  // Cursors are base64url: nothing to escape.
  if (query.before) params.push(`before=${query.before}`);
  if (query.after) params.push(`after=${query.after}`);
  if (query.token) params.push(`token=${encodeURIComponent(query.token)}`);
  return params.length ? `?${params.join('&')}` : '';
}
