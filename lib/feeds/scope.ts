import type { Article } from '../articles/article';
import { slugify } from '../articles/slug';

/** Which articles a feed shows: the whole site, or one category, tag or author. */
export type ScopeKind = 'site' | 'category' | 'tag' | 'author';

export type FeedScope = { kind: 'site' } | { kind: Exclude<ScopeKind, 'site'>; slug: string };

/** A scope with the display name the publisher gave it ("Économie", "Aminata Diallo"). */
export type NamedScope = FeedScope & { name: string };

export const SITE: FeedScope = { kind: 'site' };

/** URL path segment per kind: /categories/{slug}/rss.xml. */
export const SCOPE_PATHS = { category: 'categories', tag: 'tags', author: 'authors' } as const;

const KIND_BY_PATH = new Map<string, Exclude<ScopeKind, 'site'>>(
  Object.entries(SCOPE_PATHS).map(([kind, path]) => [path, kind as Exclude<ScopeKind, 'site'>]),
);

/** `categories` + `politics` → the category scope; undefined for anything that is not a scope's URL. */
export function scopeFromPath(kindPath: string, slug: string): FeedScope | undefined {
  const kind = KIND_BY_PATH.get(kindPath);
  return kind && /^[a-z0-9-]{1,100}$/.test(slug) ? { kind, slug } : undefined;
}

export function scopePath(scope: FeedScope): string {
  return scope.kind === 'site' ? '' : `/${SCOPE_PATHS[scope.kind]}/${scope.slug}`;
}

export function scopeId(scope: FeedScope): string {
  return scope.kind === 'site' ? 'site' : `${scope.kind}#${scope.slug}`;
}

/** Every feed a published article belongs to, deduplicated by slug. */
export function scopesOf(article: Pick<Article, 'categories' | 'tags' | 'authors'>): NamedScope[] {
  const scopes = new Map<string, NamedScope>();
  const add = (scope: NamedScope) => {
    if (!scopes.has(scopeId(scope))) scopes.set(scopeId(scope), scope);
  };
  add({ kind: 'site', name: '' });
  for (const name of article.categories) add({ kind: 'category', slug: slugify(name), name });
  for (const name of article.tags) add({ kind: 'tag', slug: slugify(name), name });
  for (const author of article.authors) add({ kind: 'author', slug: author.slug, name: author.name });
  return [...scopes.values()];
}
