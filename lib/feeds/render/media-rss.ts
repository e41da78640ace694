import type { FeedImage } from '../feed';

/**
 * The lead image as Media RSS (https://www.rssboard.org/media-rss), shared by the RSS
 * and Atom renderers: `media:description` carries the caption, `media:credit` the
 * photographer (EBU role scheme), `media:title` the alt text.
 */
export function mediaRss(image: FeedImage | undefined) {
  if (!image) return undefined;
  return {
    contents: [
      {
        url: image.url,
        medium: 'image',
        type: image.type,
        width: image.width,
        height: image.height,
        fileSize: image.length,
        description: image.caption ? { value: image.caption, type: 'plain' } : undefined,
        title: image.alt ? { value: image.alt, type: 'plain' } : undefined,
        credits: image.credit
          ? [{ value: image.credit, role: 'photographer', scheme: 'urn:ebu' }]
          : undefined,
      },
    ],
  };
}
