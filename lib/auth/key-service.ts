import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from '../errors';
import {
  bearerCredential,
  generateApiKey,
  generateFeedToken,
  hashApiKey,
  type KeyScope,
  keyIdOf,
  type PartnerSettings,
  sameHash,
  tokenKeyIdOf,
} from './api-key';
import type { ApiKeyRecord, KeyStore } from './key-store';

export type PublicKeyRecord = Omit<ApiKeyRecord, 'hash' | 'tokenHash'>;

/** Who a partner request comes from, and what it may see. */
export interface Partner {
  id: string;
  settings: PartnerSettings;
}

export type KeyService = ReturnType<typeof createKeyService>;

const isLiveAdmin = (record: ApiKeyRecord) => !record.revokedAt && record.scopes.includes('keys:admin');

export function createKeyService({ store, now }: { store: KeyStore; now: () => Date }) {
  const publicRecord = ({ hash: _hash, tokenHash: _token, ...record }: ApiKeyRecord): PublicKeyRecord =>
    record;

  const unauthorized = () =>
    new UnauthorizedError('A valid API key is required: send "Authorization: Bearer <key>".');

  return {
    /** Creates a key; the returned `key` is the only copy there will ever be. */
    async createKey(input: {
      name: string;
      scopes: KeyScope[];
      partner?: PartnerSettings;
    }): Promise<PublicKeyRecord & { key: string; feedToken?: string }> {
      const { id, key, hash } = generateApiKey();
      const isPartner = input.scopes.includes('feeds:partner');
      const feedToken = isPartner ? generateFeedToken(id) : undefined;
      const record: ApiKeyRecord = {
        id,
        name: input.name,
        hash,
        scopes: [...new Set(input.scopes)],
        createdAt: now().toISOString(),
        partner: isPartner ? (input.partner ?? { level: 'excerpt' }) : undefined,
        tokenHash: feedToken?.hash,
      };
      await store.put(record);
      return { ...publicRecord(record), key, feedToken: feedToken?.token };
    },

    /**
     * The partner behind a feed request: `Authorization: Bearer <partner key>` or a feed
     * token from the URL; undefined for the public. Bad credentials are a 401, never a
     * silent downgrade to the public feed.
     */
    async identifyPartner(
      authorization: string | undefined,
      token: string | undefined,
    ): Promise<Partner | undefined> {
      if (authorization === undefined && token === undefined) return undefined;
      let record: ApiKeyRecord | undefined;
      if (authorization !== undefined) {
        const key = bearerCredential(authorization);
        const id = key ? keyIdOf(key) : undefined;
        record = id ? await store.get(id) : undefined;
        if (!key || !record || !sameHash(hashApiKey(key), record.hash)) throw unauthorized();
      } else {
        const id = tokenKeyIdOf(token ?? '');
        record = id ? await store.get(id) : undefined;
        if (!record?.tokenHash || !sameHash(hashApiKey(token ?? ''), record.tokenHash)) {
          throw new UnauthorizedError('This feed token is not valid.');
        }
      }
      if (record.revokedAt) throw unauthorized();
      if (!record.scopes.includes('feeds:partner') || !record.partner) {
        throw new ForbiddenError('This API key lacks the "feeds:partner" scope.');
      }
      return { id: record.id, settings: record.partner };
    },

    async listKeys(): Promise<PublicKeyRecord[]> {
      return (await store.list()).map(publicRecord).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    /** Whether anyone can still manage keys: revoked keys do not count. */
    async hasLiveAdminKey(): Promise<boolean> {
      return (await store.list()).some(isLiveAdmin);
    },

    /** Whether key `id` is live and holds `scope`: for sessions opened with a key, checked on every use. */
    async isLive(id: string, scope: KeyScope): Promise<boolean> {
      const record = await store.get(id);
      return !!record && !record.revokedAt && record.scopes.includes(scope);
    },

    /**
     * Revokes a key, unless it is the last live `keys:admin` key: revoking that one would
     * leave nobody able to make or revoke keys (409; make another admin key first).
     * Two admins revoking each other at the same instant can still both succeed;
     * `wirefeed keys create` with table access is the way back.
     */
    async revokeKey(id: string): Promise<void> {
      const record = await store.get(id);
      if (!record) throw new NotFoundError(`There is no API key ${id}.`);
      if (isLiveAdmin(record) && !(await store.list()).some((k) => k.id !== id && isLiveAdmin(k))) {
        throw new ConflictError(
          `API key ${id} is the last live admin key; create another before revoking it.`,
          [{ parameter: 'id', detail: `${id} is the last live key with the keys:admin scope` }],
        );
      }
      if (!(await store.revoke(id, now()))) throw new NotFoundError(`There is no API key ${id}.`);
    },

    /**
     * The key's record if `authorization` is `Bearer <live key>` holding `scope`.
     * 401 for no, malformed, unknown or revoked keys (one message: which it was is
     * nobody's business); 403 for a live key without the scope.
     */
    async authorize(authorization: string | undefined, scope: KeyScope): Promise<PublicKeyRecord> {
      const key = bearerCredential(authorization);
      const id = key ? keyIdOf(key) : undefined;
      const record = id ? await store.get(id) : undefined;
      if (!key || !record || record.revokedAt || !sameHash(hashApiKey(key), record.hash))
        throw unauthorized();
      if (!record.scopes.includes(scope)) {
        throw new ForbiddenError(`This API key lacks the "${scope}" scope.`);
      }
      return publicRecord(record);
    },
  };
}
