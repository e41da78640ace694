import { describe, expect, it } from 'vitest';
import { normalizeArticle, plainText } from '../../lib/articles/normalize';
import { slugify } from '../../lib/articles/slug';
import { stripNonXmlChars } from '../../lib/articles/xml-chars';
import { ValidationError } from '../../lib/errors';
import { anArticleInput, NOW } from '../support/fixtures';

const normalize = (input: unknown) => normalizeArticle(input, { newId: () => 'new-id', now: NOW });

function issuesOf(input: unknown) {
  try {
    normalize(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('stripNonXmlChars', () => {
  it('removes C0 controls but tab, LF and CR, U+FFFE/U+FFFF and lone surrogates', () => {
    expect(stripNonXmlChars('a\u0000b\u0001c\u0008\td\ne\rf\u000b\u000c\u001fg')).toBe('abc\td\ne\rfg');
    expect(stripNonXmlChars('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(stripNonXmlChars('lone \uD800 high, lone \uDC00 low')).toBe('lone  high, lone  low');
  });

  it('keeps astral characters (well-formed surrogate pairs) and the BMP', () => {
    expect(stripNonXmlChars('⚽ 🇸🇳 é ç ß \uE000 \uFFFD')).toBe('⚽ 🇸🇳 é ç ß \uE000 \uFFFD');
  });
});

describe('normalizeArticle', () => {
  it('strips forbidden characters from every text field, nested ones included', () => {
    const a = normalize(
      anArticleInput({
        title: 'Ti\u0001tle\uFFFE',
        summary: 'De\u0000k',
        authors: [{ name: 'Ami\u0007nata', slug: 'aminata' }],
        image: { url: 'https://baobabpost.example/i.jpg', caption: 'Cap\uD800tion', credit: 'Cre\u001Fdit' },
        related: [{ title: 'Rel\uDFFFated', url: 'https://baobabpost.example/r' }],
      }),
    );
    expect([
      a.title,
      a.summary,
      a.authors[0]?.name,
      a.image?.caption,
      a.image?.credit,
      a.related[0]?.title,
    ]).toEqual(['Title', 'Dek', 'Aminata', 'Caption', 'Credit', 'Related']);
  });

  it('sanitizes the body with an allowlist and keeps subheadings, links and images', () => {
    const a = normalize(
      anArticleInput({
        url: 'https://baobabpost.example/news/2026/story',
        contentHtml: [
          '<h2>Sub</h2><p onclick="steal()">Text <a href="javascript:alert(1)">bad</a> <a href="../other">rel</a></p>',
          '<script>alert(1)</script><style>p{}</style><iframe src="https://evil.example"></iframe>',
          '<object data="x"></object><embed src="x"><form action="/x"><input name="q"></form>',
          '<img src="data:image/png;base64,AAAA" alt="d"><img src="/media/pic.jpg" alt="pic" onerror="x()">',
          '<a href=" JaVaScRiPt:alert(1)">spaced</a><a href="//evil.example/x">protocol-relative</a>',
        ].join(''),
      }),
    );
    expect(a.contentHtml).toContain('<h2>Sub</h2>');
    expect(a.contentHtml).toContain('<a href="https://baobabpost.example/news/other">rel</a>');
    expect(a.contentHtml).toContain('<img alt="pic" src="https://baobabpost.example/media/pic.jpg" />');
    expect(a.contentHtml.match(/<img/g)).toHaveLength(1);
    expect(a.contentHtml).not.toMatch(
      /script|onclick|onerror|<style|<iframe|<object|<embed|<form|<input|data:|javascript/i,
    );
    // Protocol-relative URLs resolve against the article's scheme, so they end up absolute.
    expect(a.contentHtml).toContain('href="https://evil.example/x"');
  });

  it('keeps plain-text fields as sent, tag-shaped text included: they are text, escaped on output', () => {
    expect(plainText('Growth <b>slows</b>  <script>x</script>to < 2% & more')).toBe(
      'Growth <b>slows</b> <script>x</script>to < 2% & more',
    );
    const a = normalize(
      anArticleInput({ title: 'Why a<b and c>d matter', summary: ' <img src=x onerror=alert(1)> ' }),
    );
    expect(a.title).toBe('Why a<b and c>d matter');
    expect(a.summary).toBe('<img src=x onerror=alert(1)>');
  });

  it('canonicalizes dates to UTC and language tags to BCP 47 case', () => {
    const a = normalize(anArticleInput({ publishedAt: '2026-11-26T10:30:00+02:00', language: 'fr-sn' }));
    expect(a.publishedAt).toBe('2026-11-26T08:30:00.000Z');
    expect(a.language).toBe('fr-SN');
  });

  it('fills id, updatedAt and defaults', () => {
    const { id: _id, ...input } = anArticleInput({ updatedAt: undefined });
    const a = normalize({ ...input, rights: undefined, status: undefined });
    expect(a).toMatchObject({
      id: 'new-id',
      updatedAt: NOW.toISOString(),
      rights: 'full',
      status: 'published',
    });
  });

  it('names each offending field by JSON pointer', () => {
    const issues = issuesOf({
      ...anArticleInput(),
      publishedAt: '26/11/2026',
      url: 'ftp://baobabpost.example/x',
      language: 'not a language!',
      authors: [{ name: 'A', slug: 'Not A Slug' }],
      categories: ['---'],
      surprise: true,
    });
    expect(issues.map((i) => ('pointer' in i ? i.pointer : i.parameter)).sort()).toEqual([
      '/authors/0/slug',
      '/categories/0',
      '/language',
      '/publishedAt',
      '/surprise',
      '/url',
    ]);
  });

  it('rejects an article too large to store, naming the body', () => {
    // 150,000 characters of 3-byte text: within the character limit, over the byte limit.
    const issues = issuesOf(anArticleInput({ contentHtml: `<p>${'€'.repeat(150_000)}</p>` }));
    expect(issues).toEqual([{ pointer: '/contentHtml', detail: expect.stringMatching(/at most 350000/) }]);
  });

  it('rejects input that is not an object', () => {
    expect(issuesOf('nope')[0]).toMatchObject({ pointer: '' });
    expect(issuesOf(null)[0]).toMatchObject({ pointer: '' });
  });
});

describe('slugify', () => {
  it('makes URL slugs from French and English names', () => {
    expect(slugify('Économie')).toBe('economie');
    expect(slugify('Santé publique')).toBe('sante-publique');
    expect(slugify("Côte d'Ivoire")).toBe('cote-d-ivoire');
    expect(slugify('  ---  ')).toBe('');
  });
});
