import { createHash } from 'node:crypto';

/** A feed wirefeed follows: where it is, how often to poll, and how the last polls went. */
export interface Source {
  id: string;
  url: string;
  everySeconds: number;
  createdAt: string;
  /** When the next poll is due (UTC ISO); polls claim a source by moving this forward. */
  nextRunAt: string;
  lastRunAt?: string;
  lastSuccessAt?: string;
  /** The last failure, kept until a poll succeeds. */
  lastError?: string;
  /** Failures in a row; the wait before the next try doubles with each. */
  failures: number;
  /** Validators of the last good answer, sent back as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  /** What the last successful poll did. */
  lastCounts?: { created: number; updated: number; unchanged: number; rejected: number; removed: number };
}

export const MIN_EVERY_SECONDS = 60;
export const MAX_EVERY_SECONDS = 7 * 86_400;
export const DEFAULT_EVERY_SECONDS = 15 * 60;
/** A failing source is retried after every·2^(failures-1), at most this long. */
export const MAX_BACKOFF_SECONDS = 6 * 3_600;

/** One source per URL: following a URL twice updates the one source. */
export function sourceId(url: string): string {
  return `src-${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
}

/** "15m", "1h", "90s", "2d" or a number of seconds → seconds; undefined when unreadable. */
export function parseInterval(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  const match = /^\s*(\d+)\s*(s|m|h|d)?\s*$/.exec(value);
  if (!match) return undefined;
  const unit = { s: 1, m: 60, h: 3_600, d: 86_400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** When to try again after `failures` failures in a row. */
export function backoffSeconds(everySeconds: number, failures: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, everySeconds * 2 ** Math.max(0, failures - 1));
}
