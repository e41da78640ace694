import type { MiddlewareHandler } from 'hono';
import type { CachePolicy } from '../config';

/**
 * `Cache-Control` for a feed. No cache may hold a feed past the moment its next
 * scheduled article comes due, so max-age and stale-while-revalidate shrink to fit.
 * stale-if-error (RFC 5861) is left alone: an outage is worse than an old feed.
 */
export function feedCacheControl(policy: CachePolicy, now: Date, nextDueAt?: Date): string {
  const untilDue = nextDueAt
    ? Math.max(0, Math.floor((nextDueAt.getTime() - now.getTime()) / 1000))
    : Number.POSITIVE_INFINITY;
  const maxAge = Math.min(policy.maxAge, untilDue);
  const swr = Math.min(policy.staleWhileRevalidate, untilDue - maxAge);
  const parts = ['public', `max-age=${maxAge}`];
  if (swr > 0) parts.push(`stale-while-revalidate=${swr}`);
  if (policy.staleIfError > 0) parts.push(`stale-if-error=${policy.staleIfError}`);
  return parts.join(', ');
}

/**
 * `Cache-Control` for a 400 or 404 of the public read side: short, so that CloudFront
 * answers a flood of random paths or malformed queries from its cache instead of
 * passing every one to the function, and a feed that appears (its first article is
 * published or comes due) is found within a minute.
 */
export const PUBLIC_MISS_CACHE_CONTROL = 'public, max-age=60';

/** 400 and 404 do not depend on who asks; 401, 403 and everything else keep their headers. */
const CACHEABLE_MISSES = new Set([400, 404]);

/**
 * Middleware for the feeds function: a 400 or 404 problem becomes briefly cacheable
 * (`PUBLIC_MISS_CACHE_CONTROL`) unless the request carries credentials (`Authorization`
 * or a feed `token`): an answer to a partner stays `no-store`, as every credentialed
 * answer does. Only behind CloudFront: the write API's 4xx are never cached.
 */
export function cacheablePublicMisses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!CACHEABLE_MISSES.has(c.res.status)) return;
    if (c.req.header('Authorization') !== undefined || c.req.query('token') !== undefined) return;
    c.res.headers.set('Cache-Control', PUBLIC_MISS_CACHE_CONTROL);
  };
}
