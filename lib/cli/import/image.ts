import type { MediaNs } from 'feedsmith';
import type { ArticleInput } from '../../articles/article';
import { absoluteHttpUrl } from './fields';
import { htmlToText } from './text';

/**
 * The lead image. Each mapper lists what its entry offers, best first; `pickImage` takes
 * the first usable one and completes it with what the others say about the same URL
 * (WordPress puts one photo in both <enclosure> and <media:content>).
 */

export type ArticleImageInput = NonNullable<ArticleInput['image']>;

/** A possibly relative URL and whatever the source says about it. */
export type ImageCandidate = Partial<ArticleImageInput> & { url?: string };

const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)/i;
const IMAGE_TYPE = /^image\/[a-z0-9.+-]+$/;

export const isImageType = (type: string | undefined) => IMAGE_TYPE.test(type?.trim().toLowerCase() ?? '');

const positiveInt = (n: number | undefined) =>
  n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
const text = (value: string | undefined) => (value ? htmlToText(value) || undefined : undefined);

/** Only the fields the API knows, each valid or absent. */
function clean(candidate: ImageCandidate, url: string): ArticleImageInput {
  const type = candidate.type?.trim().toLowerCase();
  const image: ArticleImageInput = {
    url,
    type: type && IMAGE_TYPE.test(type) ? type : undefined,
    width: positiveInt(candidate.width),
    height: positiveInt(candidate.height),
    length: positiveInt(candidate.length),
    alt: text(candidate.alt),
    caption: text(candidate.caption),
    credit: text(candidate.credit),
  };
  return Object.fromEntries(Object.entries(image).filter(([, v]) => v !== undefined)) as ArticleImageInput;
}

export function pickImage(
  candidates: ImageCandidate[],
  base: string | undefined,
): ArticleImageInput | undefined {
  const usable = candidates.flatMap((c) => {
    const url = absoluteHttpUrl(c.url, base);
    return url ? [clean(c, url)] : [];
  });
  const [first] = usable;
  if (!first) return undefined;
  // Earlier candidates win field by field; later ones only fill gaps.
  const sameImage = usable.filter((c) => c.url === first.url).reverse();
  return Object.assign({}, ...sameImage) as ArticleImageInput;
}

type MediaContent = MediaNs.Content;
type MediaCommon = Pick<MediaNs.ItemOrFeed, 'title' | 'description' | 'credits' | 'thumbnails'>;

const isImageContent = (c: MediaContent) =>
  c.medium === 'image' || isImageType(c.type) || (!c.medium && !c.type && IMAGE_EXTENSION.test(c.url ?? ''));

/** Media RSS: image `media:content` (in or out of `media:group`) and `media:thumbnail`. */
export function mediaRssImages(media: MediaNs.ItemOrFeed | undefined): {
  contents: ImageCandidate[];
  thumbnails: ImageCandidate[];
} {
  if (!media) return { contents: [], thumbnails: [] };
  const described = (own: MediaCommon, ...outer: MediaCommon[]) => {
    const all = [own, ...outer];
    return {
      alt: all.find((m) => m.title)?.title?.value,
      caption: all.find((m) => m.description)?.description?.value,
      credit: all.find((m) => m.credits?.length)?.credits?.[0]?.value,
    };
  };
  const grouped = [
    ...(media.contents ?? []).map((content) => ({ content, outer: [media] })),
    ...(media.groups ?? []).flatMap((group) =>
      (group.contents ?? []).map((content) => ({ content, outer: [group, media] })),
    ),
  ];
  const contents = grouped
    .filter(({ content }) => isImageContent(content))
    .map(({ content, outer }) => ({
      url: content.url,
      type: content.type,
      width: content.width,
      height: content.height,
      length: content.fileSize,
      ...described(content, ...outer),
    }));
  const thumbnails = [media, ...(media.groups ?? []), ...grouped.map(({ content }) => content)].flatMap((m) =>
    (m.thumbnails ?? []).map((t) => ({ url: t.url, width: t.width, height: t.height, ...described(media) })),
  );
  return { contents, thumbnails };
}
