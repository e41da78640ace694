import type { NamedScope } from './scope';

/**
 * The format-neutral feed model. The service builds it; each renderer in render/
 * turns it into one format. Wire shapes (`pubDate`, `date_published`) stay private
 * to their renderer.
 */

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FORMATS: Record<FeedFormat, { file: string; mediaType: string; label: string }> = {
  rss: { file: 'rss.xml', mediaType: 'application/rss+xml', label: 'RSS' },
  atom: { file: 'atom.xml', mediaType: 'application/atom+xml', label: 'Atom' },
  json: { file: 'feed.json', mediaType: 'application/feed+json', label: 'JSON Feed' },
};

export interface FeedPerson {
  name: string;
  url?: string;
}

export interface FeedTopic {
  kind: 'category' | 'tag';
  /** Display name, e.g. "Économie". */
  label: string;
  /** URL slug, e.g. "economie". */
  term: string;
  /** Identifies the vocabulary: the base URL of that kind's feeds. */
  scheme: string;
}

export interface FeedImage {
  url: string;
  type?: string;
  width?: number;
  height?: number;
  /** Bytes. */
  length?: number;
  alt?: string;
  caption?: string;
  credit?: string;
}

export interface FeedItem {
  /** Stable for the article's life (RFC 4151 tag URI); never the URL, which may change. */
  id: string;
  url: string;
  title: string;
  /** Plain text. */
  summary: string;
  /** Sanitized HTML; absent when the article may only be excerpted. */
  contentHtml?: string;
  published: Date;
  updated: Date;
  authors: FeedPerson[];
  topics: FeedTopic[];
  /** BCP 47. */
  language: string;
  image?: FeedImage;
  /** Third-party copy: who it comes from. */
  source?: { name: string; url?: string };
  /** Human-readable rights statement, set for third-party copy. */
  rights?: string;
  related: { title: string; url: string }[];
}

export interface Feed {
  /** Stable id of this feed (tag URI), the same in every format. */
  id: string;
  title: string;
  description: string;
  language: string;
  /** The publisher's website. */
  homeUrl: string;
  /** This document's URL in each format (this page's, when paged), built from configuration. */
  urls: Record<FeedFormat, string>;
  /** RFC 5005 §3 paging: the newest page, and the neighbours of this one when they exist. */
  pages: {
    first: Record<FeedFormat, string>;
    next?: Record<FeedFormat, string>;
    previous?: Record<FeedFormat, string>;
  };
  iconUrl?: string;
  logoUrl?: string;
  /** Brand colour, six hex digits without "#" (Feedly's webfeeds:accentColor). */
  accentColor?: string;
  /** The newest change in this feed, removals included. */
  updated: Date;
  generator: { name: string; version: string; url: string };
  /** WebSub hubs to advertise (public feeds only): `rel="hub"` links, JSON Feed `hubs`. */
  hubs?: string[];
  /** Documentation of the `_wirefeed` JSON Feed extension. */
  jsonExtensionUrl: string;
  items: FeedItem[];
}

/** A feed as listed on the index page and in OPML: its name and its URL in each format. */
export interface FeedListing {
  scope: NamedScope;
  title: string;
  urls: Record<FeedFormat, string>;
}
