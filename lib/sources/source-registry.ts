import { ValidationError } from '../errors';
import {
  DEFAULT_EVERY_SECONDS,
  MAX_EVERY_SECONDS,
  MIN_EVERY_SECONDS,
  parseInterval,
  type Source,
  sourceId,
} from './source';
import type { SourceStore } from './source-store';

/**
 * What the write API does with sources: register, list, unfollow. It imports no feed
 * parser, so the articles function stays small; polling is follow-service.ts.
 */
export function createSourceRegistry({ sources, now }: { sources: SourceStore; now: () => Date }) {
  const iso = (date: Date) => date.toISOString();
  return {
    /** Registers (or updates) a source; its first poll is due at once. */
    async follow(input: { url?: unknown; every?: unknown }): Promise<{ source: Source; created: boolean }> {
      const issues = [];
      let url: URL | undefined;
      try {
        url = typeof input?.url === 'string' ? new URL(input.url) : undefined;
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
        issues.push({ pointer: '/url', detail: 'must be an absolute http(s) URL of a feed' });
      const every =
        input?.every === undefined
          ? DEFAULT_EVERY_SECONDS
          : typeof input.every === 'string' || typeof input.every === 'number'
            ? parseInterval(input.every)
            : undefined;
      if (every === undefined || every < MIN_EVERY_SECONDS || every > MAX_EVERY_SECONDS)
        issues.push({
          pointer: '/every',
          detail: 'must be an interval from 1m to 7d, e.g. "15m", "1h" or 900',
        });
      if (issues.length > 0 || !url || every === undefined)
        throw new ValidationError('The source is not valid.', issues);
      const id = sourceId(url.href);
      const existing = await sources.get(id);
      const at = now();
      const source: Source = existing
        ? { ...existing, everySeconds: every, nextRunAt: iso(at) }
        : { id, url: url.href, everySeconds: every, createdAt: iso(at), nextRunAt: iso(at), failures: 0 };
      await sources.put(source);
      return { source, created: !existing };
    },

    list: () => sources.list(),
    unfollow: (id: string) => sources.delete(id),
  };
}

export type SourceRegistry = ReturnType<typeof createSourceRegistry>;
