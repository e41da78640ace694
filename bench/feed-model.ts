import { Feed as FeedPackage } from 'feed';
import type { Article } from '../lib/articles/article';
import { normalizeArticle } from '../lib/articles/normalize';
import type { SiteConfig } from '../lib/config';
import type { Feed } from '../lib/feeds/feed';
import { toFeedItem } from '../lib/feeds/feed-item';
import { GENERATOR } from '../lib/feeds-runtime';
import { benchArticles } from './fixtures';

/** Bench articles as the store holds them: validated and normalized once. */
export function storedArticles(count: number, now: Date): Article[] {
  let n = 0;
  return benchArticles(count, now).map((input) =>
    normalizeArticle(input, { newId: () => `gen-${++n}`, now }),
  );
}

/** The site feed's format-neutral model, as the feed service builds it (cf. tests/support/feeds.ts `aFeed`). */
export function siteFeedModel(articles: Article[], site: SiteConfig, updated: Date): Feed {
  const base = site.publicBaseUrl;
  const urls = { rss: `${base}/rss.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json` };
  return {
    id: `tag:${site.tagAuthority}:feed:site`,
    title: site.title,
    description: site.description,
    language: site.language,
    homeUrl: site.url,
    urls,
    pages: { first: urls },
    iconUrl: site.iconUrl,
    logoUrl: site.logoUrl,
    updated,
    generator: GENERATOR,
    jsonExtensionUrl: `${base}/about/json-feed-extension`,
    items: articles.map((a) => toFeedItem(a, site)),
  };
}

/**
 * The same feed for the `feed` npm package (jpmonette/feed): title, link, guid, dates,
 * description, content, authors, categories and the lead image as an enclosure. What it
 * has no field for (Media RSS caption and credit, Dublin Core, source, paging links) is
 * left out, so it renders less markup than wirefeed does for the same items.
 */
export function feedPackageFeed(model: Feed): FeedPackage {
  const feed = new FeedPackage({
    id: model.id,
    title: model.title,
    description: model.description,
    link: model.homeUrl,
    language: model.language,
    updated: model.updated,
    generator: `${model.generator.name} ${model.generator.version}`,
    feedLinks: model.urls,
    image: model.logoUrl,
    favicon: model.iconUrl,
  });
  for (const item of model.items) {
    feed.addItem({
      title: item.title,
      id: item.id,
      guid: item.id,
      link: item.url,
      date: item.updated,
      published: item.published,
      description: item.summary,
      content: item.contentHtml,
      author: item.authors.map((a) => ({ name: a.name, link: a.url })),
      category: item.topics.map((t) => ({ name: t.label, domain: t.scheme, scheme: t.scheme, term: t.term })),
      image: item.image
        ? { url: item.image.url, type: item.image.type, length: item.image.length }
        : undefined,
    });
  }
  return feed;
}
