import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importId } from '../../lib/cli/import/identity';
import { mapSource } from '../../lib/cli/import/map-source';
import type { ImportDefaults, MappedEntry } from '../../lib/cli/import/mapped-entry';
import { parseSource } from '../../lib/cli/import/parse-source';

const newsroom = () => readFileSync(new URL('../fixtures/import/newsroom.atom.xml', import.meta.url), 'utf8');
const map = (xml: string, defaults: ImportDefaults = {}) => mapSource(parseSource(xml), defaults);

function imported(entries: MappedEntry[], slug: string) {
  const found = entries.find((e) => e.ok && e.article.slug === slug);
  if (!found?.ok) throw new Error(`no imported article with slug ${slug}`);
  return found;
}

describe('Atom 1.0 → articles', () => {
  it('maps every field of a full entry', () => {
    expect(imported(map(newsroom()), 'cotonou-ferry-resumes')).toEqual({
      ok: true,
      entry: 'tag:lagooncourier.example,2026:post-901',
      id: importId('tag:lagooncourier.example,2026:post-901'),
      article: {
        slug: 'cotonou-ferry-resumes',
        title: 'Cotonou ferry link resumes after dredging',
        summary: 'The first ferry in six months left Cotonou at dawn with 140 passengers.',
        contentHtml:
          '<p>The first ferry in six months left at dawn. <a href="https://lagooncourier.example/news/dredging-contract">The dredging contract</a> ran late.</p><p><img alt="Passengers on deck" src="https://lagooncourier.example/media/2026/03/ferry-deck.jpg" /></p>',
        authors: [
          {
            name: 'Bisi Adeyemi',
            slug: 'bisi-adeyemi',
            url: 'https://lagooncourier.example/authors/bisi-adeyemi',
          },
        ],
        publishedAt: '2026-03-12T06:00:00.000Z',
        updatedAt: '2026-03-12T08:30:00.000Z',
        status: 'published',
        categories: ['Transport', 'Bénin', 'ports'],
        language: 'en',
        url: 'https://lagooncourier.example/news/cotonou-ferry-resumes',
        image: {
          url: 'https://lagooncourier.example/media/2026/03/ferry.jpg',
          type: 'image/jpeg',
          length: 183200,
        },
        related: [
          { title: 'Dredging contract signed', url: 'https://lagooncourier.example/news/dredging-contract' },
        ],
      },
    });
  });

  it('reads xhtml content, the entry xml:lang, the feed author and a media:thumbnail', () => {
    const { article } = imported(map(newsroom()), 'lome-foire-artisanale');

    expect(article.language).toBe('fr');
    expect(article.contentHtml).toContain(
      '<a href="https://lagooncourier.example/fr/actualites/lome-foire-2025">L’édition 2025</a>',
    );
    expect(article.contentHtml).not.toContain('<div');
    expect(article.authors).toEqual([
      {
        name: 'Lagoon Courier Newsroom',
        slug: 'lagoon-courier-newsroom',
        url: 'https://lagooncourier.example/newsroom',
      },
    ]);
    expect(article.image).toEqual({
      url: 'https://lagooncourier.example/media/2026/03/foire-thumb.jpg',
      width: 400,
      height: 300,
    });
  });

  it('turns text content into escaped paragraphs and dates an entry without <published> by <updated>', () => {
    const { article } = imported(map(newsroom()), 'lagos-tide-gauges-online');

    expect(article.contentHtml).toBe(
      '<p>Six tide gauges now publish readings every ten minutes.</p>\n<p>Data is free to reuse &amp; open to researchers.</p>',
    );
    expect(article.summary).toBeUndefined();
    expect(article.publishedAt).toBe('2026-03-10T12:15:00.000Z');
    expect(article.authors.map((a) => a.name)).toEqual(['Chiamaka Eze', 'Tunde Bakare']);
  });

  it('reads an HTML title as text, a later <updated> as updatedAt and media:content caption and credit', () => {
    const { article } = imported(map(newsroom()), 'porto-novo-mangroves');

    expect(article.title).toBe('Porto-Novo mangrove replanting reaches 50 hectares');
    expect(article.summary).toBe('Volunteers planted 12,000 seedlings.');
    expect(article.updatedAt).toBe('2026-03-09T08:00:00.000Z');
    expect(article.image).toEqual({
      url: 'https://lagooncourier.example/media/2026/03/mangrove.jpg',
      width: 2000,
      height: 1333,
      caption: 'Seedlings along the lagoon shore.',
      credit: 'Esther Dossou',
    });
  });

  it('maps <source> to the article source', () => {
    expect(imported(map(newsroom()), 'ghana-cedi-steadies').article.source).toEqual({
      name: 'West Africa Wire',
      url: 'https://wire.example/',
    });
  });

  it('rejects the entry without a link', () => {
    const rejected = map(newsroom()).find((e) => !e.ok);

    expect(rejected).toMatchObject({
      entry: 'tag:lagooncourier.example,2026:post-895',
      reasons: [{ pointer: '/url', detail: expect.stringContaining('no link') }],
    });
  });

  it('lets --language replace the feed language but not an entry xml:lang', () => {
    const entries = map(newsroom(), { language: 'en-NG' });

    expect(imported(entries, 'cotonou-ferry-resumes').article.language).toBe('en-NG');
    expect(imported(entries, 'lome-foire-artisanale').article.language).toBe('fr');
  });
});
