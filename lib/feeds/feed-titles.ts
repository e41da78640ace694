import type { SiteConfig } from '../config';
import type { NamedScope } from './scope';

/**
 * What a feed calls itself, from the site's settings and the scope's display name: the
 * same words in every format, on the index page and in OPML.
 */

export function feedTitle(site: Pick<SiteConfig, 'title'>, scope: NamedScope): string {
  switch (scope.kind) {
    case 'site':
      return site.title;
    case 'tag':
      return `${site.title}: #${scope.name}`;
    default:
      return `${site.title}: ${scope.name}`;
  }
}

export function feedDescription(site: Pick<SiteConfig, 'title' | 'description'>, scope: NamedScope): string {
  switch (scope.kind) {
    case 'site':
      return site.description;
    case 'category':
      return `${scope.name}: the latest from ${site.title}.`;
    case 'tag':
      return `Articles tagged “${scope.name}” from ${site.title}.`;
    case 'author':
      return `Articles by ${scope.name} for ${site.title}.`;
  }
}
