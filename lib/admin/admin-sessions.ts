import { createHash, randomBytes } from 'node:crypto';
import type { KeyService } from '../auth/key-service';

/** What is kept of a session: the SHA-256 of its token (never the token), whose key opened it, until when. */
export interface AdminSessionRecord {
  tokenHash: string;
  keyId: string;
  createdAt: string;
  expiresAt: string;
}

export interface AdminSessionStore {
  put(record: AdminSessionRecord): Promise<void>;
  get(tokenHash: string): Promise<AdminSessionRecord | undefined>;
  delete(tokenHash: string): Promise<void>;
  list(): Promise<AdminSessionRecord[]>;
}

/** Eight hours: a working day on the admin page, then sign in again. */
export const SESSION_TTL_MS = 8 * 3_600_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** What signIn hands out (32 random bytes, base64url): anything else is no session, and no read. */
const isSessionToken = (token: string | undefined): token is string =>
  !!token && /^[A-Za-z0-9_-]{43}$/.test(token);

export type AdminSessions = ReturnType<typeof createAdminSessions>;

/**
 * Sessions of the admin page: signing in with an admin key (scope keys:admin) gives a
 * random token for a cookie, so the key itself is sent once and never kept by the
 * browser. Each use checks the session's expiry and that its key is still live: revoking
 * the key ends its sessions.
 */
export function createAdminSessions({
  store,
  keys,
  now,
}: {
  store: AdminSessionStore;
  keys: Pick<KeyService, 'authorize' | 'isLive'>;
  now: () => Date;
}) {
  return {
    /** Throws the key service's 401/403 for a key that is not a live admin key. */
    async signIn(key: string): Promise<{ token: string; expiresAt: Date }> {
      const record = await keys.authorize(`Bearer ${key.trim()}`, 'keys:admin');
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const expiresAt = new Date(at.getTime() + SESSION_TTL_MS);
      // Expired sessions are deleted here (the embedded engine has no TTL); the partition is small.
      const expired = (await store.list()).filter((s) => Date.parse(s.expiresAt) <= at.getTime());
      await Promise.all(expired.map((s) => store.delete(s.tokenHash)));
      await store.put({
        tokenHash: hashToken(token),
        keyId: record.id,
        createdAt: at.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
      return { token, expiresAt };
    },

    /** The session behind a cookie's token, if it is unexpired and its key still live. */
    async verify(token: string | undefined): Promise<AdminSessionRecord | undefined> {
      if (!isSessionToken(token)) return undefined;
      const session = await store.get(hashToken(token));
      if (!session || Date.parse(session.expiresAt) <= now().getTime()) return undefined;
      return (await keys.isLive(session.keyId, 'keys:admin')) ? session : undefined;
    },

    async signOut(token: string | undefined): Promise<void> {
      if (isSessionToken(token)) await store.delete(hashToken(token));
    },
  };
}
