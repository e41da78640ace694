import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/**
 * API keys: `wfk_{id}_{secret}`. The prefix makes a leaked key recognizable (secret
 * scanners, logs); `id` (12 hex characters) names the key in listings and revocations;
 * `secret` is 32 random bytes, base64url. Only the SHA-256 of the whole key is stored.
 */

export const KEY_SCOPES = ['articles:write', 'articles:read', 'keys:admin', 'feeds:partner'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

const utmValue = z
  .string()
  .trim()
  .regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64');

/** What a partner key selects: how much of each article it gets, and how its links are tagged. */
export const PartnerSchema = z.strictObject({
  /** `excerpt`: summaries and links only. `full` never unlocks articles whose rights are excerpt-only. */
  level: z.enum(['full', 'excerpt']).default('excerpt'),
  utm: z
    .strictObject({ source: utmValue, medium: utmValue.optional(), campaign: utmValue.optional() })
    .optional(),
});

/** What an admin sends to create a key. */
export const NewKeySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(KEY_SCOPES)).min(1),
    partner: PartnerSchema.optional(),
  })
  .refine((k) => !k.partner || k.scopes.includes('feeds:partner'), {
    message: 'partner settings need the feeds:partner scope',
    path: ['partner'],
  });

export type PartnerSettings = z.output<typeof PartnerSchema>;

const KEY_PATTERN = /^wfk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const TOKEN_PATTERN = /^wft_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

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

/**
 * A partner's feed token, `wft_{id}_{secret}`, for readers that cannot send headers:
 * it goes in the feed URL (`?token=`), so it is a credential of its own — read-only,
 * revoked with its key, stored only as a SHA-256 like the key.
 */
export function generateFeedToken(id: string): { token: string; hash: string } {
  const token = `wft_${id}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiKey(token) };
}

/** The credential of an `Authorization: Bearer <key>` header (RFC 6750 §2.1), if it is one. */
export function bearerCredential(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/** The key's id, or undefined when the string is not shaped like one of our keys. */
export function keyIdOf(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

export function tokenKeyIdOf(token: string): string | undefined {
  return TOKEN_PATTERN.exec(token)?.[1];
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
