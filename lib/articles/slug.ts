import { createHash } from 'node:crypto';

/**
 * Category and tag names become URL slugs: "Économie" → "economie",
 * "Santé publique" → "sante-publique". Two names with one slug share one feed.
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/g, '');
}

/**
 * An author's slug, from the name: "Aminata Diallo" → "aminata-diallo". Names in
 * scripts slugify cannot transliterate (Arabic, Chinese…) still get a stable one.
 */
export function authorSlug(name: string): string {
  return slugify(name) || `author-${createHash('sha256').update(name.trim()).digest('hex').slice(0, 8)}`;
}
