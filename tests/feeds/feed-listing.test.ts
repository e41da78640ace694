import { describe, expect, it } from 'vitest';
import { feedListing } from '../../lib/feeds/feed-listing';
import type { FeedHead } from '../../lib/feeds/feed-store';
import type { NamedScope } from '../../lib/feeds/scope';

const BASE = 'https://feeds.baobabpost.example';
const aSite = () => ({ title: 'The Baobab Post', publicBaseUrl: BASE });
const AT = new Date('2026-11-26T08:00:00.000Z');
const aHead = (scope: NamedScope, overrides: Partial<FeedHead> = {}): FeedHead => ({
  scope,
  changedAt: '2026-11-25T10:00:00.000Z',
  version: 1,
  scheduled: [],
  liveFrom: '2026-11-20T00:00:00.000Z',
  wasPublic: true,
  ...overrides,
});

describe('feedListing', () => {
  it('lists the site feed even before anything is written, dated at the epoch', () => {
    const { feeds, updated, nextChangeAt } = feedListing(aSite(), [], AT);
    expect(feeds).toEqual([
      {
        scope: { kind: 'site', name: 'The Baobab Post' },
        title: 'The Baobab Post',
        urls: { rss: `${BASE}/rss.xml`, atom: `${BASE}/atom.xml`, json: `${BASE}/feed.json` },
      },
    ]);
    expect(updated).toEqual(new Date(0));
    expect(nextChangeAt).toBeUndefined();
  });

  it('orders the site first, then categories, tags and authors, each by name', () => {
    // Prepare
    const heads = [
      aHead({ kind: 'author', slug: 'moussa-ba', name: 'Moussa Ba' }),
      aHead({ kind: 'tag', slug: 'elections', name: 'elections' }),
      aHead({ kind: 'category', slug: 'sport', name: 'Sport' }),
      aHead({ kind: 'site', name: '' }),
      aHead({ kind: 'author', slug: 'aminata-diallo', name: 'Aminata Diallo' }),
      aHead({ kind: 'category', slug: 'economie', name: 'Économie' }),
    ];
    // Act
    const { feeds } = feedListing(aSite(), heads, AT);
    // Assess
    expect(feeds.map((f) => f.title)).toEqual([
      'The Baobab Post',
      'The Baobab Post: Économie',
      'The Baobab Post: Sport',
      'The Baobab Post: #elections',
      'The Baobab Post: Aminata Diallo',
      'The Baobab Post: Moussa Ba',
    ]);
    expect(feeds[1]?.urls.atom).toBe(`${BASE}/categories/economie/atom.xml`);
  });

  it('leaves out a feed whose only entries are scheduled, and says when it will join', () => {
    // Prepare
    const heads = [
      aHead({ kind: 'site', name: '' }, { changedAt: '2026-11-25T10:00:00.000Z' }),
      aHead(
        { kind: 'tag', slug: 'embargo', name: 'embargo' },
        { liveFrom: '2026-11-26T09:00:00.000Z', changedAt: '2026-11-26T07:00:00.000Z', wasPublic: false },
      ),
      aHead({ kind: 'tag', slug: 'gone', name: 'gone' }, { liveFrom: null }),
    ];
    // Act
    const { feeds, updated, nextChangeAt } = feedListing(aSite(), heads, AT);
    // Assess: the scheduled write is not a change anyone may see yet.
    expect(feeds.map((f) => f.scope.kind)).toEqual(['site']);
    expect(updated).toEqual(new Date('2026-11-25T10:00:00.000Z'));
    expect(nextChangeAt).toEqual(new Date('2026-11-26T09:00:00.000Z'));
  });

  it('dates the list by the moment a scheduled feed joined it, when no write came later', () => {
    const heads = [
      aHead(
        { kind: 'category', slug: 'sport', name: 'Sport' },
        { liveFrom: '2026-11-26T07:30:00.000Z', changedAt: '2026-11-26T06:00:00.000Z' },
      ),
    ];
    const { feeds, updated } = feedListing(aSite(), heads, AT);
    expect(feeds.map((f) => f.title)).toEqual(['The Baobab Post', 'The Baobab Post: Sport']);
    expect(updated).toEqual(new Date('2026-11-26T07:30:00.000Z'));
  });

  it('lists heads written before liveFrom was recorded, as it always did', () => {
    const heads = [aHead({ kind: 'category', slug: 'sport', name: 'Sport' }, { liveFrom: undefined })];
    expect(feedListing(aSite(), heads, AT).feeds).toHaveLength(2);
  });
});
