import type { Article } from '../../lib/articles/article';
import type { Feed } from '../../lib/feeds/feed';
import { toFeedItem } from '../../lib/feeds/feed-item';
import { GENERATOR } from '../../lib/feeds-runtime';
import { testConfig } from './fixtures';

/** A site-feed model over `articles`, as the service would build it, with pinned dates. */
export function aFeed(articles: Article[], site = testConfig().site): Feed {
  const base = site.publicBaseUrl;
  return {
    id: `tag:${site.tagAuthority}:feed:site`,
    title: site.title,
    description: site.description,
    language: site.language,
    homeUrl: site.url,
    urls: { rss: `${base}/rss.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json` },
    pages: { first: { rss: `${base}/rss.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json` } },
    iconUrl: site.iconUrl,
    logoUrl: site.logoUrl,
    accentColor: site.accentColor,
    updated: new Date('2026-11-26T07:00:00.000Z'),
    generator: { ...GENERATOR, version: '0.0.0-test' },
    jsonExtensionUrl: `${base}/about/json-feed-extension`,
    items: articles.map((a) => toFeedItem(a, site)),
  };
}
