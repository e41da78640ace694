import type { FeedHead } from './feed-store';

/**
 * Which feeds the public may know about at an instant. Nothing about an article is
 * public before it is due, so a feed whose entries are all scheduled does not exist yet
 * for readers — its name is the scheduled article's category, tag or author.
 *
 * - listed (on `/`, in OPML): something in it is published now;
 * - served (200): listed, or it was once (its subscribers get an empty feed, not an error,
 *   after its last article is removed); otherwise it answers as an unknown feed (404).
 */
export function isListed(head: FeedHead, at: Date): boolean {
  // Heads written before liveFrom was recorded count as published, as they always did.
  if (head.liveFrom === undefined) return true;
  return head.liveFrom !== null && head.liveFrom <= at.toISOString();
}

export function isServed(head: FeedHead, at: Date): boolean {
  return head.wasPublic || isListed(head, at);
}

/** When the next feed not yet listed gets its first published article: the feed list changes then. */
export function nextListedAt(heads: FeedHead[], at: Date): Date | undefined {
  const now = at.toISOString();
  const next = heads
    .map((h) => h.liveFrom)
    .filter((from): from is string => typeof from === 'string' && from > now)
    .sort()[0];
  return next === undefined ? undefined : new Date(next);
}

/**
 * When the feed last changed as a member of the list: its last write, or the moment its
 * first article came due (liveFrom), which joins it to the list without any write.
 */
export function listedChangeAt(head: FeedHead): string {
  return head.liveFrom && head.liveFrom > head.changedAt ? head.liveFrom : head.changedAt;
}
