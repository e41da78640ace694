import type { Feed, FeedFormat } from '../feed';
import { renderAtom } from './atom';
import { renderJsonFeed } from './json-feed';
import { renderRss } from './rss';

export const RENDERERS: Record<FeedFormat, (feed: Feed) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

export { renderAtom, renderJsonFeed, renderRss };
