import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importId } from '../../lib/cli/import/identity';
import { mapSource } from '../../lib/cli/import/map-source';
import type { MappedEntry } from '../../lib/cli/import/mapped-entry';
import { parseSource } from '../../lib/cli/import/parse-source';

const desk = () => readFileSync(new URL('../fixtures/import/desk.feed.json', import.meta.url), 'utf8');
const map = (json: string) => mapSource(parseSource(json), {});

function imported(entries: MappedEntry[], slug: string) {
  const found = entries.find((e) => e.ok && e.article.slug === slug);
  if (!found?.ok) throw new Error(`no imported article with slug ${slug}`);
  return found;
}

describe('JSON Feed 1.1 → articles', () => {
  it('maps every field of a full item', () => {
    expect(imported(map(desk()), 'kano-textile-mills-reopen')).toEqual({
      ok: true,
      entry: 'https://savannadispatch.example/p/2207',
      id: importId('https://savannadispatch.example/p/2207'),
      article: {
        slug: 'kano-textile-mills-reopen',
        title: 'Kano textile mills reopen with new looms',
        summary: 'Two mills closed since 2019 are hiring 600 workers.',
        contentHtml:
          '<p>Two mills closed since 2019 are hiring. <a href="https://savannadispatch.example/stories/kano-power-tariffs">Power tariffs</a> were cut in January.</p><p><img alt="New looms" src="https://savannadispatch.example/images/2026/kano-looms.jpg" /></p>',
        authors: [
          {
            name: 'Zainab Bello',
            slug: 'zainab-bello',
            url: 'https://savannadispatch.example/authors/zainab-bello',
          },
        ],
        publishedAt: '2026-03-12T05:00:00.000Z',
        updatedAt: '2026-03-12T07:45:00.000Z',
        status: 'published',
        tags: ['Industry', 'Nigeria', 'Jobs'],
        language: 'en-GB',
        url: 'https://savannadispatch.example/stories/kano-textile-mills-reopen',
        image: { url: 'https://savannadispatch.example/images/2026/kano-looms-lead.jpg' },
      },
    });
  });

  it('turns content_text into paragraphs and reads an image attachment, the item language and every author', () => {
    const { id, article } = imported(map(desk()), 'garoua-river-port');

    expect(id).toBe(importId('2205'));
    expect(article.contentHtml).toBe(
      '<p>The Benue is too low for barges four months a year.</p>\n<p>A new terminal downstream would keep trade moving.</p>',
    );
    expect(article.image).toEqual({
      url: 'https://savannadispatch.example/images/2026/garoua-port.png',
      type: 'image/png',
      length: 512000,
    });
    expect(article.language).toBe('fr-CM');
    expect(article.authors).toEqual([
      { name: 'Aïssatou Bouba', slug: 'aissatou-bouba' },
      {
        name: 'Paul Ndjock',
        slug: 'paul-ndjock',
        url: 'https://savannadispatch.example/authors/paul-ndjock',
      },
    ]);
  });

  it('ignores a date_modified earlier than date_published and signs an unsigned item with the feed authors', () => {
    const { article } = imported(map(desk()), 'maradi-grain-bank');

    expect(article.updatedAt).toBe(article.publishedAt);
    expect(article.authors).toEqual([
      { name: 'Savanna Dispatch', slug: 'savanna-dispatch', url: 'https://savannadispatch.example/about' },
    ]);
  });

  it('takes external_url when there is no url, and ignores audio attachments', () => {
    expect(imported(map(desk()), 'chad-lake-fishers').article.url).toBe(
      'https://savannadispatch.example/stories/chad-lake-fishers',
    );
    expect(imported(map(desk()), 'sokoto-solar-clinics').article.image).toBeUndefined();
  });

  it('rejects the item without a date', () => {
    expect(map(desk()).filter((e) => !e.ok)).toMatchObject([
      { entry: 'https://savannadispatch.example/p/2201', reasons: [{ pointer: '/publishedAt' }] },
    ]);
  });

  it('reads JSON Feed 1.0 (`author`, no language: en)', () => {
    const [entry] = map(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1',
        title: 'Old Feed',
        items: [
          {
            id: 'a1',
            url: 'https://old.example/a1',
            title: 'A1',
            content_html: '<p>x</p>',
            date_published: '2020-01-01T00:00:00Z',
            author: { name: 'Solo Writer' },
          },
        ],
      }),
    );

    expect(entry).toMatchObject({
      ok: true,
      article: { authors: [{ name: 'Solo Writer', slug: 'solo-writer' }], language: 'en' },
    });
  });
});
