import { createHash } from 'node:crypto';
import { slugify } from '../../articles/slug';

/**
 * An imported article's id is derived from what the source says identifies the entry
 * (RSS guid, Atom id, JSON Feed id, else its link): importing the same file twice
 * replaces the same articles instead of creating them again.
 */
export function importId(sourceKey: string): string {
  return `imp-${createHash('sha256').update(sourceKey.trim()).digest('hex').slice(0, 32)}`;
}

/** A page extension is not part of the story's name: ".../dakar-port.html" → "dakar-port". */
const PAGE_EXTENSION = /\.(?:s?html?|php\d?|aspx?|jsp|cfm)$/i;

function lastPathSegment(link: string): string | undefined {
  try {
    const segment = new URL(link).pathname.split('/').filter(Boolean).pop();
    return segment && decodeURIComponent(segment).replace(PAGE_EXTENSION, '');
  } catch {
    return undefined;
  }
}

/** The slug the site already used (its link's last path segment), else one made from the title, else the id. */
export function slugFor(link: string | undefined, title: string | undefined, id: string): string {
  const fromLink = link ? slugify(lastPathSegment(link) ?? '') : '';
  return fromLink || slugify(title ?? '') || slugify(id);
}
