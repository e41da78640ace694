import { ValidationError } from '../errors';
import { parseLimit } from '../feeds/feed-query';

/** What the iframe page (`/embed/{scope}`) may be asked for, besides its scope. */
export interface EmbedOptions {
  /** How many headlines, newest first. */
  limit: number;
  /** `auto` follows the reader's `prefers-color-scheme`. */
  theme: EmbedTheme;
  /** Show each article's lead image as a thumbnail. */
  images: boolean;
}

export const EMBED_THEMES = ['light', 'dark', 'auto'] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];

export const EMBED_DEFAULT_LIMIT = 5;
export const EMBED_MAX_LIMIT = 20;

/** The parameters that change the page: a CDN in front of `/embed/*` must key its cache on exactly these. */
export const EMBED_QUERY_PARAMETERS = ['limit', 'theme', 'images'] as const;

// A Map, not an object literal: `images=__proto__` must not find Object.prototype.
const FLAGS = new Map([
  ['1', true],
  ['true', true],
  ['0', false],
  ['false', false],
]);

/** Parses the query; anything it cannot read is a 400 naming the parameter, as for feeds. */
export function parseEmbedOptions(params: Record<string, string | undefined>): EmbedOptions {
  const { limit, theme, images } = params;
  const options: EmbedOptions = { limit: EMBED_DEFAULT_LIMIT, theme: 'light', images: false };
  if (limit !== undefined) options.limit = parseLimit(limit, EMBED_MAX_LIMIT);
  if (theme !== undefined) {
    if (!(EMBED_THEMES as readonly string[]).includes(theme)) {
      throw new ValidationError('theme must be light, dark or auto.', [
        {
          parameter: 'theme',
          detail: `must be one of ${EMBED_THEMES.join(', ')}, got "${theme.slice(0, 40)}"`,
        },
      ]);
    }
    options.theme = theme as EmbedTheme;
  }
  if (images !== undefined) {
    const flag = FLAGS.get(images);
    if (flag === undefined) {
      throw new ValidationError('images must be 1 or 0.', [
        { parameter: 'images', detail: `must be 1 or 0, got "${images.slice(0, 40)}"` },
      ]);
    }
    options.images = flag;
  }
  return options;
}

/**
 * Names this representation in the feed's validators: the theme and the thumbnails change
 * the bytes, so each combination gets its own ETag (the limit is in the query already).
 */
export function embedView(options: EmbedOptions): string {
  return `embed;theme=${options.theme};images=${options.images ? 1 : 0}`;
}
