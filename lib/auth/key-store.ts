import type { KeyScope, PartnerSettings } from './api-key';

/** What is kept of an API key: never the key itself, only its SHA-256. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  hash: string;
  scopes: KeyScope[];
  createdAt: string;
  revokedAt?: string;
  /** Partner keys: their content level and link tagging. */
  partner?: PartnerSettings;
  /** Partner keys: SHA-256 of their feed token. */
  tokenHash?: string;
}

export interface KeyStore {
  put(record: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** Returns false when there is no such key. */
  revoke(id: string, at: Date): Promise<boolean>;
}
