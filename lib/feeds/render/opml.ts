import { generateOpml } from 'feedsmith';
import { deepStripNonXmlChars } from '../../articles/xml-chars';
import type { FeedListing } from '../feed';
import { tightenCdata } from './xml-output';

const FOLDERS = { category: 'Categories', tag: 'Tags', author: 'Authors' } as const;

/**
 * OPML 2.0 (http://opml.org/spec2.opml) listing every feed, so a reader can import them
 * all at once: the site feed first, then a folder per kind. Readers read `xmlUrl`; we
 * point it at RSS, which every reader takes.
 */
export function renderOpml(input: {
  title: string;
  homeUrl: string;
  updated: Date;
  feeds: FeedListing[];
}): string {
  const { title, homeUrl, updated, feeds } = deepStripNonXmlChars(input);
  const outline = (f: FeedListing) => ({
    text: f.title,
    title: f.title,
    type: 'rss',
    xmlUrl: f.urls.rss,
    htmlUrl: homeUrl,
  });
  const site = feeds.filter((f) => f.scope.kind === 'site').map(outline);
  const folders = (Object.keys(FOLDERS) as (keyof typeof FOLDERS)[])
    .map((kind) => ({
      text: FOLDERS[kind],
      outlines: feeds.filter((f) => f.scope.kind === kind).map(outline),
    }))
    .filter((folder) => folder.outlines.length > 0);
  return tightenCdata(
    generateOpml({
      head: {
        title: `${title}: every feed`,
        dateCreated: updated,
        dateModified: updated,
        docs: 'http://opml.org/spec2.opml',
      },
      body: { outlines: [...site, ...folders] },
    }),
  );
}
