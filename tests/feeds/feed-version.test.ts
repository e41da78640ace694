import { describe, expect, it } from 'vitest';
import type { FeedQuery } from '../../lib/feeds/feed-query';
import type { FeedHead } from '../../lib/feeds/feed-store';
import { contentEtag, feedVersion, outputFingerprint } from '../../lib/feeds/feed-version';

const aHead = (overrides: Partial<FeedHead> = {}): FeedHead => ({
  scope: { kind: 'category', slug: 'economie', name: 'Économie' },
  changedAt: '2026-11-26T07:00:00.000Z',
  version: 3,
  scheduled: [],
  liveFrom: '2026-11-20T00:00:00.000Z',
  wasPublic: true,
  ...overrides,
});

type Input = Parameters<typeof feedVersion>[0];
const anInput = (overrides: Partial<Input> = {}): Input => ({
  head: aHead(),
  scope: { kind: 'category', slug: 'economie' },
  format: 'rss',
  query: { limit: 20 },
  audience: 'public',
  now: new Date('2026-11-26T08:00:00.000Z'),
  fingerprint: 'release-1',
  ...overrides,
});

describe('feedVersion', () => {
  it('gives a strong entity tag and the head’s last change', () => {
    const version = feedVersion(anInput());
    expect(version.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(version.lastModified).toEqual(new Date('2026-11-26T07:00:00.000Z'));
    expect(version.nextDueAt).toBeUndefined();
  });

  it('gives equal inputs equal validators (each request computes them afresh)', () => {
    expect(feedVersion(anInput())).toEqual(feedVersion(anInput()));
  });

  it.each<[string, Partial<Input>]>([
    ['the release or settings', { fingerprint: 'release-2' }],
    ['the scope', { scope: { kind: 'category', slug: 'politique' } }],
    ['the format', { format: 'atom' }],
    ['the view', { format: 'html' }],
    ['the limit', { query: { limit: 5 } }],
    [
      'the page',
      { query: { limit: 20, before: 'MjAyNi0xMS0yNVQwMDowMDowMC4wMDBaI2E' as FeedQuery['before'] } },
    ],
    ['the audience', { audience: 'partner:k1' }],
    ['a write (version)', { head: aHead({ version: 4 }) }],
    ['a write (changedAt)', { head: aHead({ changedAt: '2026-11-26T07:30:00.000Z' }) }],
    ['no head at all', { head: undefined }],
  ])('moves the ETag with %s', (_, change) => {
    expect(feedVersion(anInput(change)).etag).not.toBe(feedVersion(anInput()).etag);
  });

  it('does not move the ETag for the clock alone', () => {
    const later = anInput({ now: new Date('2026-11-26T09:00:00.000Z') });
    expect(feedVersion(later)).toEqual(feedVersion(anInput()));
  });

  it('moves the ETag and Last-Modified when a scheduled entry comes due, and names the next one', () => {
    // Prepare
    const head = aHead({ scheduled: ['2026-11-26T07:45:00.000Z', '2026-11-26T08:30:00.000Z'] });
    const at = (iso: string) => feedVersion(anInput({ head, now: new Date(iso) }));
    // Act
    const before = at('2026-11-26T07:44:59.999Z');
    const due = at('2026-11-26T07:45:00.000Z');
    const stillDue = at('2026-11-26T08:29:59.999Z');
    const after = at('2026-11-26T08:30:00.000Z');
    // Assess
    expect(before.lastModified).toEqual(new Date('2026-11-26T07:00:00.000Z'));
    expect(before.nextDueAt).toEqual(new Date('2026-11-26T07:45:00.000Z'));
    expect(due.lastModified).toEqual(new Date('2026-11-26T07:45:00.000Z'));
    expect(due.nextDueAt).toEqual(new Date('2026-11-26T08:30:00.000Z'));
    expect(due.etag).not.toBe(before.etag);
    expect(stillDue).toEqual(due);
    expect(after.lastModified).toEqual(new Date('2026-11-26T08:30:00.000Z'));
    expect(after.nextDueAt).toBeUndefined();
    expect(new Set([before.etag, due.etag, after.etag]).size).toBe(3);
  });

  it('never moves Last-Modified backwards: a write after an entry came due wins, an older one does not', () => {
    const scheduled = ['2026-11-26T07:45:00.000Z'];
    const now = new Date('2026-11-26T08:00:00.000Z');
    const older = feedVersion(
      anInput({ now, head: aHead({ scheduled, changedAt: '2026-11-26T07:00:00.000Z' }) }),
    );
    const newer = feedVersion(
      anInput({ now, head: aHead({ scheduled, changedAt: '2026-11-26T07:50:00.000Z' }) }),
    );
    expect(older.lastModified).toEqual(new Date('2026-11-26T07:45:00.000Z'));
    expect(newer.lastModified).toEqual(new Date('2026-11-26T07:50:00.000Z'));
  });

  it('dates a feed nothing has been written to at the epoch', () => {
    expect(feedVersion(anInput({ head: undefined })).lastModified).toEqual(new Date(0));
  });
});

describe('contentEtag', () => {
  it('names equal content with equal strong tags and different content with different ones', () => {
    expect(contentEtag('<opml/>')).toBe(contentEtag('<opml/>'));
    expect(contentEtag('<opml/>')).not.toBe(contentEtag('<opml />'));
    expect(contentEtag('')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });
});

describe('outputFingerprint', () => {
  it('changes with any setting that shapes the output, and only then', () => {
    const settings = () => ({
      generator: { version: '1.0.0' },
      site: { title: 'The Baobab Post' },
      hubs: [],
    });
    expect(outputFingerprint(settings())).toBe(outputFingerprint(settings()));
    expect(outputFingerprint({ ...settings(), hubs: ['https://hub.example/'] })).not.toBe(
      outputFingerprint(settings()),
    );
    expect(outputFingerprint({ ...settings(), generator: { version: '1.0.1' } })).not.toBe(
      outputFingerprint(settings()),
    );
  });
});
