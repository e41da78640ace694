import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importId } from '../../lib/cli/import/identity';
import { mapSource } from '../../lib/cli/import/map-source';
import type { ImportDefaults, MappedEntry } from '../../lib/cli/import/mapped-entry';
import { parseSource } from '../../lib/cli/import/parse-source';

const wordpress = () =>
  readFileSync(new URL('../fixtures/import/wordpress.rss.xml', import.meta.url), 'utf8');
const map = (xml: string, defaults: ImportDefaults = {}) => mapSource(parseSource(xml), defaults);

function imported(entries: MappedEntry[], slug: string) {
  const found = entries.find((e) => e.ok && e.article.slug === slug);
  if (!found?.ok) throw new Error(`no imported article with slug ${slug}`);
  return found;
}

const rss = (items: string, channel = '') => `<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Test Site</title><link>https://test.example/</link><description>d</description>${channel}${items}</channel></rss>`;

describe('RSS 2.0 → articles (WordPress export)', () => {
  it('maps every field of a full WordPress item', () => {
    const entries = map(wordpress());

    expect(imported(entries, 'niamey-solar-market-doubles')).toEqual({
      ok: true,
      entry: 'https://sahelledger.example/?p=4182',
      id: importId('https://sahelledger.example/?p=4182'),
      article: {
        slug: 'niamey-solar-market-doubles',
        title: 'Niamey’s solar market doubles its stalls after grid outages',
        summary: 'Traders say demand for panels and batteries has never been higher …',
        contentHtml: expect.stringContaining('<p>Traders at the Katako market'),
        authors: [{ name: 'Halima Issoufou', slug: 'halima-issoufou' }],
        publishedAt: '2026-03-12T08:30:00.000Z',
        updatedAt: '2026-03-12T08:30:00.000Z',
        status: 'published',
        categories: ['Economy', 'Energy', 'Niger'],
        language: 'en-US',
        url: 'https://sahelledger.example/2026/03/12/niamey-solar-market-doubles/',
        image: {
          url: 'https://sahelledger.example/wp-content/uploads/2026/03/katako-solar.jpg',
          type: 'image/jpeg',
          width: 1600,
          height: 1067,
          length: 245760,
          alt: 'Solar panels stacked at a market stall',
          caption: 'Panels for sale at Katako market, Niamey, on 10 March.',
          credit: 'Moussa Garba',
        },
      },
    });
  });

  it('makes relative links and images in content:encoded absolute against the item link, and sanitizes it', () => {
    const { article } = imported(map(wordpress()), 'niamey-solar-market-doubles');

    expect(article.contentHtml).toContain(
      'href="https://sahelledger.example/2026/02/20/grid-outages-niamey/"',
    );
    expect(article.contentHtml).toContain(
      'href="https://sahelledger.example/2026/03/11/cooperative-batteries/"',
    );
    expect(article.contentHtml).toContain(
      'src="https://sahelledger.example/wp-content/uploads/2026/03/katako-solar-1024x683.jpg"',
    );
    expect(article.contentHtml).toContain('href="https://energy.example/report"');
    expect(article.contentHtml).not.toContain('<script');
    expect(article.contentHtml).not.toContain('class=');
  });

  it('takes the URL from a permalink guid when there is no <link>, and keeps an image enclosure without its 0 length', () => {
    const bamako = imported(map(wordpress()), 'bamako-bus-corridors');

    expect(bamako.id).toBe(importId('https://sahelledger.example/2026/03/11/bamako-bus-corridors/'));
    expect(bamako.article.url).toBe('https://sahelledger.example/2026/03/11/bamako-bus-corridors/');
    expect(bamako.article.image).toEqual({
      url: 'https://sahelledger.example/wp-content/uploads/2026/03/bamako-corridor-map.png',
      type: 'image/png',
    });
  });

  it('keeps every dc:creator, drops repeated categories and resolves a relative media:thumbnail', () => {
    const { article } = imported(map(wordpress()), 'ouagadougou-book-fair-returns');

    expect(article.authors).toEqual([
      { name: 'Awa Ouédraogo', slug: 'awa-ouedraogo' },
      { name: 'Idrissa Sawadogo', slug: 'idrissa-sawadogo' },
    ]);
    expect(article.categories).toEqual(['Culture', 'Burkina Faso']);
    expect(article.image).toEqual({
      url: 'https://sahelledger.example/wp-content/uploads/2026/03/book-fair-thumb.jpg',
      width: 300,
      height: 200,
    });
  });

  it('uses the item dc:language, the <source>, and the channel title when nobody signed the item', () => {
    const { article } = imported(map(wordpress()), 'niger-tchad-transport-routier');

    expect(article.language).toBe('fr');
    expect(article.source).toEqual({
      name: 'Agence Sahel Presse',
      url: 'https://wire.example/feeds/afrique.xml',
    });
    expect(article.authors).toEqual([{ name: 'Sahel Ledger', slug: 'sahel-ledger' }]);
    expect(article.publishedAt).toBe('2026-03-09T09:45:00.000Z');
    expect(article.categories).toEqual(['Économie', 'Tchad']);
  });

  it('reads a media:content inside media:group, its HTML caption as text', () => {
    const { article } = imported(map(wordpress()), 'nouakchott-fish-prices-february');

    expect(article.image).toEqual({
      url: 'https://sahelledger.example/wp-content/uploads/2026/03/fish-market.webp',
      type: 'image/webp',
      width: 1200,
      height: 800,
      caption: 'Fishmongers at the Port de pêche.',
      credit: 'Sidi Mohamed',
    });
  });

  it('uses the description as the body when there is no content:encoded, with no summary', () => {
    const { article } = imported(map(wordpress()), 'ndjamena-coding-school');

    expect(article.summary).toBeUndefined();
    expect(article.contentHtml).toBe(
      '<p>Sixty students started the nine-month course on Monday. <img alt="Students at laptops" src="https://sahelledger.example/wp-content/uploads/2026/03/coding-class.jpg" /></p>',
    );
    expect(article.image).toBeUndefined();
  });

  it('ignores an audio enclosure (articles have no audio field)', () => {
    expect(imported(map(wordpress()), 'weekly-briefing-five-charts').article.image).toBeUndefined();
  });

  it('rejects the item without a date, with the reason and what it could map', () => {
    const rejected = map(wordpress()).find((e) => e.entry === 'https://sahelledger.example/?p=4170');

    expect(rejected).toMatchObject({
      ok: false,
      id: importId('https://sahelledger.example/?p=4170'),
      reasons: [{ pointer: '/publishedAt', detail: 'no date: the entry has no publication or update date' }],
      article: {
        slug: 'cotton-prices-draft',
        url: 'https://sahelledger.example/2026/03/10/cotton-prices-draft/',
      },
    });
  });

  it('gives the same ids every time, one per guid', () => {
    const ids = (entries: MappedEntry[]) => entries.map((e) => e.id);
    const first = ids(map(wordpress()));

    expect(ids(map(wordpress()))).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    for (const id of first) expect(id).toMatch(/^imp-[0-9a-f]{32}$/);
  });

  it('applies --language to items that declare none, not to those that do', () => {
    const entries = map(wordpress(), { language: 'en-GB' });

    expect(imported(entries, 'bamako-bus-corridors').article.language).toBe('en-GB');
    expect(imported(entries, 'niger-tchad-transport-routier').article.language).toBe('fr');
  });
});

describe('RSS 2.0 → articles (edge cases)', () => {
  it('decodes entities left in CDATA titles and categories, and reads an RSS <author> name but never an address', () => {
    const [entry] = map(
      rss(`<item><title><![CDATA[Arts &amp; Culture: Dakar&#8217;s galleries]]></title>
        <link>/arts/dakar-galleries.html</link><pubDate>Tue, 10 Mar 2026 12:00:00 GMT</pubDate>
        <author>desk@test.example (Fatou Sarr)</author><author>news@test.example</author>
        <category><![CDATA[Arts &amp; Culture]]></category><category>!!!</category>
        <description>Five galleries opened.</description></item>`),
    );

    expect(entry).toMatchObject({
      ok: true,
      id: importId('https://test.example/arts/dakar-galleries.html'),
      article: {
        title: 'Arts & Culture: Dakar’s galleries',
        slug: 'dakar-galleries',
        url: 'https://test.example/arts/dakar-galleries.html',
        authors: [{ name: 'Fatou Sarr', slug: 'fatou-sarr' }],
        categories: ['Arts & Culture'],
        contentHtml: '<p>Five galleries opened.</p>',
        language: 'en',
      },
    });
  });

  it('derives a title from the description when the item has none, and reads dc:date', () => {
    const [entry] = map(
      rss(`<item><link>https://test.example/n/1</link><dc:date>2026-03-01T10:00:00+01:00</dc:date>
        <description>&lt;p&gt;A short note from the desk.&lt;/p&gt;</description></item>`),
    );

    expect(entry).toMatchObject({
      ok: true,
      article: { title: 'A short note from the desk.', publishedAt: '2026-03-01T09:00:00.000Z', slug: '1' },
    });
  });

  it('rejects an item with no link, no title and no description, naming each', () => {
    const [entry] = map(rss('<item><guid isPermaLink="false">x-1</guid><pubDate>nonsense</pubDate></item>'));

    expect(entry).toMatchObject({
      ok: false,
      entry: 'x-1',
      reasons: [
        { pointer: '/publishedAt', detail: 'unreadable date "nonsense"' },
        { pointer: '/url', detail: expect.stringContaining('no link') },
        { pointer: '/title', detail: 'no title and no description' },
      ],
    });
  });

  it('imports the first of two items with one guid and rejects the other', () => {
    const item = (title: string) =>
      `<item><title>${title}</title><link>https://test.example/a</link><guid>https://test.example/?p=1</guid><pubDate>Tue, 10 Mar 2026 12:00:00 GMT</pubDate></item>`;

    const [first, second] = map(rss(item('First') + item('Second')));

    expect(first).toMatchObject({ ok: true, article: { title: 'First' } });
    expect(second).toMatchObject({ ok: false, reasons: [{ pointer: '/id' }] });
  });

  it('falls back to the channel dc:creator, then managingEditor, for unsigned items', () => {
    const item =
      '<item><title>T</title><link>https://test.example/t</link><pubDate>Tue, 10 Mar 2026 12:00:00 GMT</pubDate></item>';

    const [byDc] = map(rss(item, '<dc:creator>Desk Editor</dc:creator>'));
    const [byEditor] = map(rss(item, '<managingEditor>ed@test.example (Awa Diop)</managingEditor>'));

    expect(byDc).toMatchObject({ article: { authors: [{ name: 'Desk Editor', slug: 'desk-editor' }] } });
    expect(byEditor).toMatchObject({ article: { authors: [{ name: 'Awa Diop', slug: 'awa-diop' }] } });
  });

  it('reads RSS 1.0 (RDF) items the same way', () => {
    const [entry] = map(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/"><title>Old Site</title><link>https://old.example/</link><description>d</description></channel>
  <item rdf:about="https://old.example/2004/story"><title>Old story</title><link>https://old.example/2004/story</link>
    <description>From the archive.</description><dc:date>2004-05-01T08:00:00Z</dc:date><dc:creator>Archivist</dc:creator></item>
</rdf:RDF>`);

    expect(entry).toMatchObject({
      ok: true,
      article: {
        title: 'Old story',
        slug: 'story',
        publishedAt: '2004-05-01T08:00:00.000Z',
        authors: [{ name: 'Archivist' }],
      },
    });
  });
});
