/**
 * The canonical URL of an article the publisher gave none for, from
 * ARTICLE_URL_TEMPLATE: `{siteUrl}` (without its trailing slash), `{slug}`, `{id}`,
 * and the UTC publication date as `{yyyy}`, `{mm}`, `{dd}` — e.g.
 * `{siteUrl}/{yyyy}/{mm}/{dd}/{slug}/` for a WordPress-style permalink.
 */

export const ARTICLE_URL_PLACEHOLDERS = ['siteUrl', 'slug', 'id', 'yyyy', 'mm', 'dd'] as const;

export interface ArticleUrlParts {
  siteUrl: string;
  slug: string;
  id: string;
  publishedAt: string;
}

export function articleUrl(template: string, { siteUrl, slug, id, publishedAt }: ArticleUrlParts): string {
  const values: Record<(typeof ARTICLE_URL_PLACEHOLDERS)[number], string> = {
    siteUrl: siteUrl.replace(/\/+$/, ''),
    // Slugs are [a-z0-9-] and ids URL-safe by their schemas; encoding keeps it so regardless.
    slug: encodeURIComponent(slug),
    id: encodeURIComponent(id),
    yyyy: publishedAt.slice(0, 4),
    mm: publishedAt.slice(5, 7),
    dd: publishedAt.slice(8, 10),
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as keyof typeof values] : whole,
  );
}
