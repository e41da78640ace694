import { feedQueryString } from './feed-query';
import type { FeedHead } from './feed-store';
import { type FeedVersion, feedVersion } from './feed-version';
import { scopeId } from './scope';

type VersionInput = Omit<Parameters<typeof feedVersion>[0], 'fingerprint'>;

/**
 * Validators cost a hash and some date arithmetic; at polling rates that is a good part
 * of a 304. While the head cache hands back the same head (the same object: a new read is
 * a new object, even when equal) and no scheduled entry has come due, the version is the
 * same: reuse it. Whatever it returns is what `feedVersion` would compute for the input.
 */
export function createVersionMemo(fingerprint: string, maxEntries = 10_000) {
  const versions = new Map<string, { head: FeedHead | undefined; version: FeedVersion; until: number }>();
  return (input: VersionInput): FeedVersion => {
    const { head, now } = input;
    const key = `${scopeId(input.scope)}\n${input.format}\n${feedQueryString(input.query)}\n${input.audience}`;
    const memo = versions.get(key);
    if (memo && memo.head === head && now.getTime() < memo.until) return memo.version;
    const version = feedVersion({ ...input, fingerprint });
    // A crude bound: clearing now and then costs a few recomputations, never a wrong answer.
    if (versions.size >= maxEntries) versions.clear();
    versions.set(key, { head, version, until: version.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY });
    return version;
  };
}
