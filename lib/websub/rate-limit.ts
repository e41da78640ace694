/**
 * Subscription requests per client: a token bucket each (`burst` requests at once,
 * refilled at `perMinute`), in a map that never holds more than `maxClients` entries —
 * past that, the least recently seen client is forgotten, so strangers cannot grow it.
 * Per instance: on AWS each hub function instance counts on its own.
 */
export function createRateLimiter({
  perMinute = 30,
  burst = 10,
  maxClients = 10_000,
}: {
  perMinute?: number;
  burst?: number;
  maxClients?: number;
} = {}) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes one request's token; returns the seconds to wait when there is none. */
    take(client: string, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
      const bucket = buckets.get(client) ?? { tokens: burst, at: nowMs };
      buckets.delete(client);
      bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.at) / 60_000) * perMinute);
      bucket.at = nowMs;
      buckets.set(client, bucket);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens < 1)
        return { ok: false, retryAfterSeconds: Math.ceil(((1 - bucket.tokens) * 60) / perMinute) };
      bucket.tokens -= 1;
      return { ok: true };
    },
    get size() {
      return buckets.size;
    },
  };
}
