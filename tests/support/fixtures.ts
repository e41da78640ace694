import type { Article, ArticleInput } from '../../lib/articles/article';
import { normalizeArticle } from '../../lib/articles/normalize';
import { type Config, loadConfig } from '../../lib/config';

/** Fixtures are factories with pinned dates: every test builds its own. */

export const NOW = new Date('2026-11-26T08:00:00.000Z');

export const hoursAgo = (h: number, from = NOW) => new Date(from.getTime() - h * 3_600_000).toISOString();

let counter = 0;

export function anArticleInput(overrides: Partial<ArticleInput> = {}): ArticleInput {
  // Everything derives from the id, so a fixture built with an explicit id is the same every time.
  const n = ++counter;
  const id = overrides.id ?? `t-${n}`;
  const slug = overrides.slug ?? `story-${id}`;
  return {
    id,
    slug,
    title: `Story ${id}`,
    summary: `Dek of story ${id}.`,
    contentHtml: `<p>Body of story ${id}.</p><h2>Subheading</h2><p>More <a href="/news/other">context</a>.</p>`,
    authors: [
      {
        name: 'Aminata Diallo',
        slug: 'aminata-diallo',
        url: 'https://baobabpost.example/authors/aminata-diallo',
      },
    ],
    publishedAt: hoursAgo(n),
    status: 'published',
    categories: ['Politics'],
    tags: ['Elections'],
    language: 'en',
    url: `https://baobabpost.example/news/${slug}`,
    image: {
      url: `https://baobabpost.example/media/${slug}.jpg`,
      type: 'image/jpeg',
      width: 1600,
      height: 900,
      length: 123_456,
      alt: 'Alt text',
      caption: 'A caption',
      credit: 'Moussa Sow',
    },
    related: [{ title: 'Related story', url: 'https://baobabpost.example/news/related' }],
    ...overrides,
  };
}

export function anArticle(overrides: Partial<ArticleInput> = {}): Article {
  return normalizeArticle(anArticleInput(overrides), { newId: () => `gen-${++counter}`, now: NOW });
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PUBLIC_BASE_URL: 'https://feeds.baobabpost.example',
    SITE_URL: 'https://baobabpost.example/',
    SITE_LOGO_URL: 'https://baobabpost.example/logo.png',
    SITE_ICON_URL: 'https://baobabpost.example/icon.png',
    SITE_ACCENT_COLOR: '8a3b12',
    TABLE_NAME: `test-${Math.random().toString(36).slice(2, 10)}`,
    ...env,
  });
}
