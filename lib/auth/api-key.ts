import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/**
 * API keys: `wfk_{id}_{secret}`. The prefix makes a leaked key recognizable (secret
 * scanners, logs); `id` (12 hex characters) names the key in listings and revocations;
 * `secret` is 32 random bytes, base64url. Only the SHA-256 of the whole key is stored.
 */

export const KEY_SCOPES = ['articles:write', 'articles:read', 'keys:admin'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** What an admin sends to create a key. */
export const NewKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(KEY_SCOPES)).min(1),
});

const KEY_PATTERN = /^wfk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  id: string;
  /** Shown once, to whoever created it; never stored. */
  key: string;
  hash: string;
}

export function generateApiKey(): NewApiKey {
  const id = randomBytes(6).toString('hex');
  const key = `wfk_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, hash: hashApiKey(key) };
}

/** The key's id, or undefined when the string is not shaped like one of our keys. */
export function keyIdOf(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
