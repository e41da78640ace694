import { describe, expect, it } from 'vitest';
import { type FeedQuery, feedQueryString } from '../../lib/feeds/feed-query';
import { feedUrls, pageUrls } from '../../lib/feeds/feed-urls';

const BASE = 'https://feeds.baobabpost.example';
/** An entry's position as the store gives it out (opaque here). */
const POSITION = '2026-11-26T07:00:00.000Z#p1' as NonNullable<FeedQuery['before']>;
/** The cursor as the feed's links spell it (its encoding is feed-query's business, tested there). */
const cursor = (position: NonNullable<FeedQuery['before']>) =>
  feedQueryString({ before: position }).replace('?before=', '');

describe('feedUrls', () => {
  it('gives the site feed at the root, one URL per format, with no query for the defaults', () => {
    expect(feedUrls(BASE, { kind: 'site' })).toEqual({
      rss: `${BASE}/rss.xml`,
      atom: `${BASE}/atom.xml`,
      json: `${BASE}/feed.json`,
    });
  });

  it.each([
    ['category', 'categories'],
    ['tag', 'tags'],
    ['author', 'authors'],
  ] as const)('puts a %s feed under /%s/{slug}/', (kind, folder) => {
    expect(feedUrls(BASE, { kind, slug: 'economie' }).atom).toBe(`${BASE}/${folder}/economie/atom.xml`);
  });

  it('carries the page’s canonical query into every format', () => {
    // Prepare
    const query = { limit: 5, before: POSITION, token: 'a b' };
    // Act
    const urls = feedUrls(BASE, { kind: 'tag', slug: 'elections' }, query);
    // Assess
    const search = `?limit=5&before=${cursor(POSITION)}&token=a%20b`;
    expect(urls).toEqual({
      rss: `${BASE}/tags/elections/rss.xml${search}`,
      atom: `${BASE}/tags/elections/atom.xml${search}`,
      json: `${BASE}/tags/elections/feed.json${search}`,
    });
  });

  it('builds every URL from the configured base, whatever it is', () => {
    const urls = feedUrls('http://localhost:3000', { kind: 'site' }, { limit: 20 });
    expect(Object.values(urls).every((url) => url.startsWith('http://localhost:3000/'))).toBe(true);
    expect(urls.rss).toBe('http://localhost:3000/rss.xml');
  });
});

describe('pageUrls', () => {
  it('turns each paging query into URLs and leaves absent neighbours absent', () => {
    // Prepare
    const scope = { kind: 'category', slug: 'economie' } as const;
    // Act
    const pages = pageUrls(BASE, scope, { first: { limit: 2 }, next: { limit: 2, before: POSITION } });
    // Assess
    expect(pages.first.json).toBe(`${BASE}/categories/economie/feed.json?limit=2`);
    expect(pages.next?.rss).toBe(`${BASE}/categories/economie/rss.xml?limit=2&before=${cursor(POSITION)}`);
    expect(pages.previous).toBeUndefined();
  });
});
