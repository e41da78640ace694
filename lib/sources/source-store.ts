import type { Source } from './source';

/** The port the follow service uses; lib/store/dynamo-source-store.ts is the adapter. */
export interface SourceStore {
  put(source: Source): Promise<void>;
  get(id: string): Promise<Source | undefined>;
  list(): Promise<Source[]>;
  delete(id: string): Promise<boolean>;
  /**
   * Claims a due source for one poll: moves `nextRunAt` from `expected` to `until` only
   * if nobody else has. False when another poller got it first.
   */
  claim(id: string, expected: string, until: string): Promise<boolean>;
  /** Records a poll's outcome (state fields only). */
  record(id: string, state: Partial<Source>): Promise<void>;
}
