import { describe, expect, it } from 'vitest';
import type { FeedHead } from '../../lib/feeds/feed-store';
import { feedVersion } from '../../lib/feeds/feed-version';
import { createVersionMemo } from '../../lib/feeds/version-memo';

const FINGERPRINT = 'release-1';
const aHead = (overrides: Partial<FeedHead> = {}): FeedHead => ({
  scope: { kind: 'site', name: 'The Baobab Post' },
  changedAt: '2026-11-26T07:00:00.000Z',
  version: 7,
  scheduled: ['2026-11-26T08:30:00.000Z', '2026-11-26T09:00:00.000Z'],
  wasPublic: true,
  ...overrides,
});
const anInput = (head: FeedHead | undefined, iso: string, overrides: Partial<MemoInput> = {}): MemoInput => ({
  head,
  scope: { kind: 'site' },
  format: 'atom',
  query: { limit: 20 },
  audience: 'public',
  now: new Date(iso),
  ...overrides,
});
type MemoInput = Parameters<ReturnType<typeof createVersionMemo>>[0];

describe('createVersionMemo', () => {
  it('always answers what feedVersion computes, across writes and scheduled entries coming due', () => {
    // Prepare: one head object as the head cache hands it back, then a new one after a write.
    const memo = createVersionMemo(FINGERPRINT);
    const first = aHead();
    const written = aHead({ version: 8, changedAt: '2026-11-26T08:40:00.000Z' });
    const timeline: [FeedHead, string][] = [
      [first, '2026-11-26T08:00:00.000Z'],
      [first, '2026-11-26T08:29:59.999Z'],
      [first, '2026-11-26T08:30:00.000Z'],
      [first, '2026-11-26T08:35:00.000Z'],
      [written, '2026-11-26T08:41:00.000Z'],
      [written, '2026-11-26T09:00:00.000Z'],
      [written, '2026-11-26T10:00:00.000Z'],
    ];
    for (const [head, iso] of timeline) {
      // Act
      const remembered = memo(anInput(head, iso));
      // Assess
      expect(remembered, iso).toEqual(feedVersion({ ...anInput(head, iso), fingerprint: FINGERPRINT }));
    }
  });

  it('reuses the version while the head is the same object and nothing came due', () => {
    const memo = createVersionMemo(FINGERPRINT);
    const head = aHead();
    const version = memo(anInput(head, '2026-11-26T08:00:00.000Z'));
    expect(memo(anInput(head, '2026-11-26T08:29:59.999Z'))).toBe(version);
  });

  it('computes afresh for a new head, even an equal one (a new read may hold a write)', () => {
    const memo = createVersionMemo(FINGERPRINT);
    const version = memo(anInput(aHead(), '2026-11-26T08:00:00.000Z'));
    const again = memo(anInput(aHead(), '2026-11-26T08:00:00.000Z'));
    expect(again).not.toBe(version);
    expect(again).toEqual(version);
  });

  it('keeps formats, pages and audiences apart', () => {
    // Prepare
    const memo = createVersionMemo(FINGERPRINT);
    const head = aHead();
    const at = '2026-11-26T08:00:00.000Z';
    // Act
    const etags = [
      memo(anInput(head, at)),
      memo(anInput(head, at, { format: 'rss' })),
      memo(anInput(head, at, { query: { limit: 5 } })),
      memo(anInput(head, at, { audience: 'partner:k1' })),
      memo(anInput(head, at, { scope: { kind: 'tag', slug: 'elections' } })),
    ].map((v) => v.etag);
    // Assess
    expect(new Set(etags).size).toBe(5);
    expect(memo(anInput(head, at, { format: 'rss' })).etag).toBe(etags[1]);
  });

  it('stays right for a feed with no head yet, then with its first write', () => {
    const memo = createVersionMemo(FINGERPRINT);
    const empty = memo(anInput(undefined, '2026-11-26T08:00:00.000Z'));
    const written = memo(anInput(aHead({ scheduled: [] }), '2026-11-26T08:00:01.000Z'));
    expect(empty.lastModified).toEqual(new Date(0));
    expect(written.etag).not.toBe(empty.etag);
  });

  it('forgets everything once full, and answers correctly after', () => {
    // Prepare
    const memo = createVersionMemo(FINGERPRINT, 2);
    const head = aHead();
    const at = '2026-11-26T08:00:00.000Z';
    const kept = memo(anInput(head, at, { format: 'rss' }));
    memo(anInput(head, at, { format: 'atom' }));
    // Act: a third key clears the memo.
    memo(anInput(head, at, { format: 'json' }));
    const afterClear = memo(anInput(head, at, { format: 'rss' }));
    // Assess
    expect(afterClear).not.toBe(kept);
    expect(afterClear).toEqual(kept);
  });
});
