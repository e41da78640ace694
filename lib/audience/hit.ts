import { tokenKeyIdOf } from '../auth/api-key';
import { type FeedRef, feedOfPath } from './feed-of-path';

/**
 * One request, as the local server sees it or as a CloudFront log line records it.
 * `address` and `userAgent` are used for a keyed hash and a classification, then dropped.
 */
export interface Hit {
  at: Date;
  method: string;
  /** The path without the query string. */
  path: string;
  status: number;
  /** Bytes sent to the client. */
  bytes: number;
  userAgent: string;
  address: string;
  /** The partner key id behind a key or feed token, when the request carried one. */
  partnerId?: string;
}

/**
 * The feed a hit counts for, or undefined when it is no audience: not a feed URL, not a
 * GET or HEAD, or not answered with a feed (2xx) or a 304. Errors do not count, so a
 * stranger inventing scope names (404s) or tokens (401s) creates no figures.
 */
export function countedFeed(hit: Pick<Hit, 'method' | 'status' | 'path'>): FeedRef | undefined {
  if (hit.method !== 'GET' && hit.method !== 'HEAD') return undefined;
  if (!((hit.status >= 200 && hit.status < 300) || hit.status === 304)) return undefined;
  return feedOfPath(hit.path);
}

/**
 * The partner id in a feed URL's `token` (`wft_{id}_…`): only the id, never the secret.
 * It is trusted only on a hit that was answered 2xx/304, which the origin gives only to a
 * valid token.
 */
export function partnerOfQuery(query: URLSearchParams): string | undefined {
  const token = query.get('token');
  return token ? tokenKeyIdOf(token) : undefined;
}
