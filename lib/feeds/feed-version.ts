import { createHash } from 'node:crypto';
import type { FeedFormat } from './feed';
import { type FeedQuery, feedQueryString } from './feed-query';
import type { FeedHead } from './feed-store';
import { type FeedScope, scopeId } from './scope';

/**
 * A feed's validators, from its head alone — one small read, no entries — so a
 * conditional request that matches costs almost nothing.
 *
 * What a feed shows changes only when (a) a write touches it, which raises the head's
 * `version` and moves its `changedAt`, or (b) a scheduled entry comes due, which the
 * head lists. Both go into the ETag with the format and the query; `Last-Modified` is
 * the later of the two instants, so it never moves backwards, removals included.
 */
export interface FeedVersion {
  /** Strong entity tag (RFC 9110 §8.8.3). */
  etag: string;
  lastModified: Date;
  /** When the next scheduled entry comes due: no cache may keep this version past it. */
  nextDueAt?: Date;
}

export function feedVersion(input: {
  head: FeedHead | undefined;
  scope: FeedScope;
  /** A feed format, or the name of another view of the feed. */
  format: FeedFormat | (string & {});
  query: FeedQuery;
  /** Who it is rendered for (see ./audience.ts). */
  audience: string;
  now: Date;
  /** Changes when anything else that shapes the output does: the release, the site's settings. */
  fingerprint: string;
}): FeedVersion {
  const { head, now } = input;
  const at = now.toISOString();
  const scheduled = head?.scheduled ?? [];
  const due = scheduled.filter((s) => s <= at).at(-1);
  const next = scheduled.find((s) => s > at);
  const changedAt = head?.changedAt ?? new Date(0).toISOString();
  const lastModified = new Date(due && due > changedAt ? due : changedAt);
  const etag = contentEtag(
    [
      input.fingerprint,
      scopeId(input.scope),
      input.format,
      feedQueryString(input.query),
      input.audience,
      head?.version ?? 0,
      changedAt,
      due ?? '',
    ].join('\n'),
  );
  return { etag, lastModified, nextDueAt: next ? new Date(next) : undefined };
}

/**
 * Everything besides the articles that shapes a feed's bytes (the release, the site's
 * settings, the hubs), as one string for `feedVersion`: a new release or new settings
 * must not be answered with 304s for the old output.
 */
export function outputFingerprint(settings: unknown): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('base64url');
}

/** A strong entity tag (RFC 9110 §8.8.3) naming `content`: equal content, equal tag. */
export function contentEtag(content: string): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
}
