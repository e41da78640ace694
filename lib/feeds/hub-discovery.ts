import type { WebSubConfig } from '../config';
import { FEED_FORMATS, type FeedFormat } from './feed';
import { type FeedScope, scopePath } from './scope';

/**
 * WebSub §4 (Discovery): a feed names its hubs and its topic URL, in HTTP `Link` headers
 * and in the document. The topic is the feed's canonical self URL, built from
 * PUBLIC_BASE_URL like every self link: the first page, without a query.
 */

/** Every hub a feed advertises: ours first, then the outside ones (WEBSUB_HUBS). */
export function advertisedHubs(websub: Pick<WebSubConfig, 'hubUrl' | 'outsideHubs'>): string[] {
  return [websub.hubUrl, ...websub.outsideHubs];
}

export function topicUrl(publicBaseUrl: string, scope: FeedScope, format: FeedFormat): string {
  return `${publicBaseUrl}${scopePath(scope)}/${FEED_FORMATS[format].file}`;
}

/** `Link: <hub>; rel="hub", <topic>; rel="self"` (RFC 8288), for 200s, 304s and deliveries. */
export function discoveryLinks(hubs: string[], topic: string): string {
  return [...hubs.map((hub) => `<${hub}>; rel="hub"`), `<${topic}>; rel="self"`].join(', ');
}
