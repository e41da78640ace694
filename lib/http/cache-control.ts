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
