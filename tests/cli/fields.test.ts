import { describe, expect, it } from 'vitest';
import {
  canonicalLanguage,
  cleanTerms,
  parseFeedDate,
  pickAuthors,
  pickLanguage,
} from '../../lib/cli/import/fields';
import { importId, slugFor } from '../../lib/cli/import/identity';
import { pickImage } from '../../lib/cli/import/image';
import { asHtmlBody, htmlToText, summaryText, textToHtml, truncateWords } from '../../lib/cli/import/text';

describe('parseFeedDate', () => {
  it.each([
    ['Thu, 12 Mar 2026 08:30:00 +0000', '2026-03-12T08:30:00.000Z'],
    ['Tue, 10 Mar 2026 12:00:00 GMT', '2026-03-10T12:00:00.000Z'],
    ['Mon, 09 Mar 2026 10:45:00 +0100', '2026-03-09T09:45:00.000Z'],
    ['Mon, 09 Mar 2026 05:00:00 EST', '2026-03-09T10:00:00.000Z'],
    ['2026-03-12T07:00:00+01:00', '2026-03-12T06:00:00.000Z'],
    ['2026-03-12', '2026-03-12T00:00:00.000Z'],
  ])('reads %s', (raw, iso) => {
    expect(parseFeedDate(raw)?.toISOString()).toBe(iso);
  });

  it.each([
    ['2026-03-12T07:00:00', '2026-03-12T07:00:00.000Z'],
    ['2026-03-12 07:00', '2026-03-12T07:00:00.000Z'],
    ['Tue, 10 Mar 2026 12:00:00', '2026-03-10T12:00:00.000Z'],
  ])('reads %s, which has no offset, as UTC whatever the machine', (raw, iso) => {
    expect(parseFeedDate(raw)?.toISOString()).toBe(iso);
  });

  it.each([undefined, '', 'soon', '32 Foo 2026'])('gives nothing for %j', (raw) => {
    expect(parseFeedDate(raw)).toBeUndefined();
  });
});

describe('languages', () => {
  it('canonicalizes tags, underscores included, and refuses what is not one', () => {
    expect(canonicalLanguage('en_us')).toBe('en-US');
    expect(canonicalLanguage('FR-sn')).toBe('fr-SN');
    expect(canonicalLanguage('english please')).toBeUndefined();
  });

  it('takes the first valid candidate, else en', () => {
    expect(pickLanguage([undefined, 'not a tag', 'pt-BR', 'fr'])).toBe('pt-BR');
    expect(pickLanguage([undefined, ''])).toBe('en');
  });
});

describe('ids and slugs', () => {
  it('derives a stable, valid article id from the source key', () => {
    expect(importId('https://site.example/?p=1')).toBe(importId(' https://site.example/?p=1 '));
    expect(importId('https://site.example/?p=1')).not.toBe(importId('https://site.example/?p=2'));
    expect(importId('x')).toMatch(/^imp-[0-9a-f]{32}$/);
  });

  it.each([
    ['https://s.example/2026/03/12/dakar-port/', 'Title', 'dakar-port'],
    ['https://s.example/news/dakar-port.html', 'Title', 'dakar-port'],
    ['https://s.example/actualit%C3%A9s/%C3%A9lections-2026', 'Title', 'elections-2026'],
    ['https://s.example/?p=4182', 'Élections : le vote', 'elections-le-vote'],
    [undefined, '!!!', 'imp-abc'],
  ])('slug of %s is %s', (link, title, slug) => {
    expect(slugFor(link, title, 'imp-abc')).toBe(slug);
  });
});

describe('pickAuthors', () => {
  it('skips e-mail addresses, gives non-Latin names a slug, drops duplicates and non-http URLs', () => {
    const authors = pickAuthors(
      [
        [
          { name: 'desk@site.example' },
          { name: 'محمد الأمين', url: 'mailto:m@site.example' },
          { name: 'Awa Diop', url: '/authors/awa' },
          { name: 'AWA DIOP' },
        ],
      ],
      'https://site.example/news/a',
    );

    expect(authors).toEqual([
      { name: 'محمد الأمين', slug: expect.stringMatching(/^author-[0-9a-f]{8}$/) },
      { name: 'Awa Diop', slug: 'awa-diop', url: 'https://site.example/authors/awa' },
    ]);
  });

  it('falls back list by list', () => {
    expect(pickAuthors([[], [{ name: ' ' }], [{ name: 'Feed Title' }]], undefined)).toEqual([
      { name: 'Feed Title', slug: 'feed-title' },
    ]);
  });
});

describe('cleanTerms', () => {
  it('decodes entities, trims, drops names without a letter or digit and duplicates', () => {
    expect(cleanTerms(['Arts &amp; Culture', ' Politics ', '!!!', undefined, 'Politics'])).toEqual([
      'Arts & Culture',
      'Politics',
    ]);
  });
});

describe('text', () => {
  it('turns HTML into text: entities decoded, blocks separated, scripts dropped', () => {
    expect(htmlToText('<p>Dakar&#8217;s &amp; Thiès</p><p>2 &lt; 3</p><script>x()</script>')).toBe(
      'Dakar’s & Thiès 2 < 3',
    );
  });

  it('turns text into HTML paragraphs, escaped', () => {
    expect(textToHtml('a < b & c\nline two\n\nsecond')).toBe(
      '<p>a &lt; b &amp; c<br>line two</p>\n<p>second</p>',
    );
  });

  it('wraps a body without any tag in paragraphs, and leaves HTML alone', () => {
    expect(asHtmlBody('One &amp; two.\n\nThree.')).toBe('<p>One &amp; two.</p>\n<p>Three.</p>');
    expect(asHtmlBody('<em>x</em>')).toBe('<em>x</em>');
  });

  it('cuts at a word with an ellipsis', () => {
    expect(truncateWords('the quick brown fox', 12)).toBe('the quick…');
    expect(truncateWords('short', 12)).toBe('short');
  });

  it('drops the WordPress "appeared first on" line from a summary', () => {
    expect(
      summaryText(
        '<p>Dek.</p><p>The post <a href="x">Story</a> appeared first on <a href="y">Site</a>.</p>',
        100,
      ),
    ).toBe('Dek.');
  });
});

describe('pickImage', () => {
  it('takes the first usable candidate and fills its gaps from others with the same URL', () => {
    const image = pickImage(
      [
        { url: 'data:image/png;base64,AAAA' },
        { url: '/a.jpg', width: 1600, caption: '<b>Caption</b>' },
        { url: 'https://s.example/b.jpg', type: 'image/png' },
        { url: 'https://s.example/a.jpg', width: 10, type: 'IMAGE/JPEG', length: 0, credit: 'Photographer' },
      ],
      'https://s.example/news/x',
    );

    expect(image).toEqual({
      url: 'https://s.example/a.jpg',
      width: 1600,
      caption: 'Caption',
      type: 'image/jpeg',
      credit: 'Photographer',
    });
  });

  it('gives nothing when no candidate is an http(s) URL', () => {
    expect(pickImage([{ url: 'javascript:alert(1)' }, {}], undefined)).toBeUndefined();
  });
});
