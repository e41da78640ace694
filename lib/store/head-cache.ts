import type { FeedHead } from '../feeds/feed-store';

/**
 * Feed heads read recently, per instance (see `headCacheMs`). Bounded: only heads that
 * exist are kept — a stranger asking for `/tags/<random>/rss.xml` gets a 404 from a
 * fresh read and adds nothing — and at most `maxEntries`, the least recently used going
 * first, so neither a long-lived Lambda nor the local server grows with the scopes asked for.
 */
export class HeadCache {
  private readonly entries = new Map<string, { head: FeedHead; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number,
    private readonly maxEntries = 1_000,
  ) {}

  get(scopeId: string): FeedHead | undefined {
    const entry = this.entries.get(scopeId);
    if (!entry) return undefined;
    this.entries.delete(scopeId);
    if (this.clock() - entry.at >= this.ttlMs) return undefined;
    this.entries.set(scopeId, entry);
    return entry.head;
  }

  set(scopeId: string, head: FeedHead | undefined): void {
    if (this.ttlMs <= 0 || !head) return;
    this.entries.delete(scopeId);
    this.entries.set(scopeId, { head, at: this.clock() });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
