import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importId } from '../../lib/cli/import/identity';
import { mapSource } from '../../lib/cli/import/map-source';
import type { ImportDefaults } from '../../lib/cli/import/mapped-entry';
import { parseSource } from '../../lib/cli/import/parse-source';

const archive = () => readFileSync(new URL('../fixtures/import/archive.ndjson', import.meta.url), 'utf8');
const map = (text: string, defaults: ImportDefaults = {}) => mapSource(parseSource(text), defaults);

describe('NDJSON of articles → articles', () => {
  it('keeps each line as it is, its id in the URL, not in the body', () => {
    const [first] = map(archive());

    expect(first).toEqual({
      ok: true,
      entry: 1,
      id: 'legacy-1001',
      article: {
        slug: 'accra-metro-line-survey',
        title: 'Accra metro line survey begins',
        summary: 'Engineers start mapping the route.',
        contentHtml: '<p>Engineers start mapping the route this week.</p>',
        authors: [{ name: 'Efua Mensah', slug: 'efua-mensah' }],
        publishedAt: '2026-02-20T09:00:00Z',
        categories: ['Transport'],
        tags: ['Accra'],
        language: 'en',
        url: 'https://coastline.example/news/accra-metro-line-survey',
      },
    });
  });

  it('derives the id from the url when a line has none, and fills a missing language from --language', () => {
    const kumasi = map(archive(), { language: 'en-GH' }).find((e) => e.entry === 4);

    expect(kumasi).toMatchObject({
      ok: true,
      id: importId('https://coastline.example/news/kumasi-market-rebuild'),
      article: { language: 'en-GH' },
    });
  });

  it('rejects a line that is not JSON and one with an unknown field, by line number, skipping blank lines', () => {
    const rejected = map(archive()).filter((e) => !e.ok);

    expect(rejected).toMatchObject([
      { entry: 5, reasons: [{ detail: expect.stringMatching(/^not valid JSON: /) }] },
      { entry: 6, id: 'legacy-1005', reasons: [{ pointer: '/viewCount', detail: 'unknown field' }] },
    ]);
  });

  it('names each invalid field with its JSON pointer, as the API would', () => {
    const line = {
      id: 'bad id!',
      slug: 'Not A Slug',
      title: 'T',
      authors: [],
      publishedAt: 'yesterday',
      language: 'en',
      url: 'https://x.example/a',
    };

    const [entry] = map(`${JSON.stringify(line)}\n`);

    expect(entry?.ok).toBe(false);
    expect(!entry?.ok && entry?.reasons.map((r) => r.pointer)).toEqual([
      '/id',
      '/slug',
      '/authors',
      '/publishedAt',
    ]);
  });

  it('rejects lines that are not objects or whose id is not a string', () => {
    const entries = map('{"url":"https://x.example/a"}\n[1,2]\n{"id":42}\n');

    expect(entries.slice(1)).toMatchObject([
      { ok: false, entry: 2, reasons: [{ detail: 'not a JSON object' }] },
      { ok: false, entry: 3, reasons: [{ pointer: '/id', detail: 'must be a string' }] },
    ]);
  });
});
