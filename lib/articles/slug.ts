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
