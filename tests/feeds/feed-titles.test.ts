import { describe, expect, it } from 'vitest';
import { feedDescription, feedTitle } from '../../lib/feeds/feed-titles';
import type { NamedScope } from '../../lib/feeds/scope';

const aSite = () => ({ title: 'The Baobab Post', description: 'News from Dakar and beyond.' });

describe('feedTitle', () => {
  it.each<[NamedScope, string]>([
    [{ kind: 'site', name: 'ignored' }, 'The Baobab Post'],
    [{ kind: 'category', slug: 'economie', name: 'Économie' }, 'The Baobab Post: Économie'],
    [{ kind: 'tag', slug: 'elections', name: 'elections' }, 'The Baobab Post: #elections'],
    [{ kind: 'author', slug: 'aminata-diallo', name: 'Aminata Diallo' }, 'The Baobab Post: Aminata Diallo'],
  ])('names %o "%s"', (scope, title) => {
    expect(feedTitle(aSite(), scope)).toBe(title);
  });
});

describe('feedDescription', () => {
  it.each<[NamedScope, string]>([
    [{ kind: 'site', name: 'ignored' }, 'News from Dakar and beyond.'],
    [{ kind: 'category', slug: 'economie', name: 'Économie' }, 'Économie: the latest from The Baobab Post.'],
    [
      { kind: 'tag', slug: 'elections', name: 'elections' },
      'Articles tagged “elections” from The Baobab Post.',
    ],
    [
      { kind: 'author', slug: 'aminata-diallo', name: 'Aminata Diallo' },
      'Articles by Aminata Diallo for The Baobab Post.',
    ],
  ])('describes %o as "%s"', (scope, description) => {
    expect(feedDescription(aSite(), scope)).toBe(description);
  });

  it('uses the scope’s display name as given, not its slug', () => {
    // Prepare
    const scope: NamedScope = { kind: 'category', slug: 'cote-d-ivoire', name: 'Côte d’Ivoire' };
    // Act
    const [title, description] = [feedTitle(aSite(), scope), feedDescription(aSite(), scope)];
    // Assess
    expect(title).toContain('Côte d’Ivoire');
    expect(description).not.toContain('cote-d-ivoire');
  });
});
