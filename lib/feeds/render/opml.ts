import { generateOpml } from 'feedsmith';
import { deepStripNonXmlChars } from '../../articles/xml-chars';
import type { FeedListing } from '../feed';
import { tightenCdata } from './xml-output';

const FOLDERS = { category: 'Categories', tag: 'Tags', author: 'Authors' } as const;

/**
 * Which feeds an OPML lists. `all`: every feed, for tools that mirror the site. `starter`:
 * the site feed and the categories, for importing into a reader — each article is in the
 * site feed and at most a few categories, while tags and authors repeat it again and again,
 * and readers that key their cache by guid alone (newsboat) show an article under only one
 * of the feeds that carry it (docs/feeds.md, "Which OPML to import").
 */
export type OpmlSelection = 'all' | 'starter';

const SELECTIONS: Record<OpmlSelection, { heading: string; kinds: FeedListing['scope']['kind'][] }> = {
  all: { heading: 'every feed', kinds: ['site', 'category', 'tag', 'author'] },
  starter: { heading: 'starter feeds', kinds: ['site', 'category'] },
};

/**
 * OPML 2.0 (http://opml.org/spec2.opml) listing feeds, so a reader can import them all at
 * once: the site feed first, then a folder per kind. Readers read `xmlUrl`; we point it at
 * RSS, which every reader takes. No `<docs>` in the head: it is optional, no reader uses it,
 * and the W3C feed validator does not know it (docs/feeds.md).
 */
export function renderOpml(
  input: {
    title: string;
    homeUrl: string;
    updated: Date;
    feeds: FeedListing[];
  },
  selection: OpmlSelection = 'all',
): string {
  const { title, homeUrl, updated, feeds: listed } = deepStripNonXmlChars(input);
  const { heading, kinds } = SELECTIONS[selection];
  const feeds = listed.filter((f) => kinds.includes(f.scope.kind));
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
        title: `${title}: ${heading}`,
        dateCreated: updated,
        dateModified: updated,
      },
      body: { outlines: [...site, ...folders] },
    }),
  );
}
