import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors';
import { generateApiKey, hashApiKey, type KeyScope, keyIdOf, sameHash } from './api-key';
import type { ApiKeyRecord, KeyStore } from './key-store';

export type PublicKeyRecord = Omit<ApiKeyRecord, 'hash'>;

export type KeyService = ReturnType<typeof createKeyService>;

export function createKeyService({ store, now }: { store: KeyStore; now: () => Date }) {
  const publicRecord = ({ hash: _hash, ...record }: ApiKeyRecord): PublicKeyRecord => record;

  return {
    /** Creates a key; the returned `key` is the only copy there will ever be. */
    async createKey(input: { name: string; scopes: KeyScope[] }): Promise<PublicKeyRecord & { key: string }> {
      const { id, key, hash } = generateApiKey();
      const record: ApiKeyRecord = {
        id,
        name: input.name,
        hash,
        scopes: [...new Set(input.scopes)],
        createdAt: now().toISOString(),
      };
      await store.put(record);
      return { ...publicRecord(record), key };
    },

    async listKeys(): Promise<PublicKeyRecord[]> {
      return (await store.list()).map(publicRecord).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async hasKeys(): Promise<boolean> {
      return (await store.list()).length > 0;
    },

    async revokeKey(id: string): Promise<void> {
      if (!(await store.revoke(id, now()))) throw new NotFoundError(`There is no API key ${id}.`);
    },

    /**
     * The key's record if `authorization` is `Bearer <live key>` holding `scope`.
     * 401 for no, malformed, unknown or revoked keys (one message: which it was is
     * nobody's business); 403 for a live key without the scope.
     */
    async authorize(authorization: string | undefined, scope: KeyScope): Promise<PublicKeyRecord> {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      const key = match?.[1];
      const id = key ? keyIdOf(key) : undefined;
      const record = id ? await store.get(id) : undefined;
      if (!key || !record || record.revokedAt || !sameHash(hashApiKey(key), record.hash)) {
        throw new UnauthorizedError('A valid API key is required: send "Authorization: Bearer <key>".');
      }
      if (!record.scopes.includes(scope)) {
        throw new ForbiddenError(`This API key lacks the "${scope}" scope.`);
      }
      return publicRecord(record);
    },
  };
}
