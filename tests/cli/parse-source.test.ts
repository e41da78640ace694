import { describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/cli/cli-error';
import { parseSource } from '../../lib/cli/import/parse-source';
import { decodeSource } from '../../lib/cli/import/read-source';

const article = { slug: 'a', title: 'A', authors: [{ name: 'N', slug: 'n' }], url: 'https://x.example/a' };

describe('parseSource: the format comes from the content', () => {
  it.each([
    [
      'rss',
      '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>i</title></item></channel></rss>',
    ],
    [
      'atom',
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><entry><id>e</id></entry></feed>',
    ],
    [
      'rdf',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>t</title></channel><item><title>i</title></item></rdf:RDF>',
    ],
    ['json', '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}'],
    ['json', '\n  {\n  "title": "t", "items": [{"id": "1"}]\n}'],
    ['ndjson', `${JSON.stringify(article)}\n${JSON.stringify(article)}\n`],
  ])('detects %s', (format, text) => {
    expect(parseSource(text).format).toBe(format);
  });

  it('reads one pretty-printed article (even one with authors, like a JSON Feed) as NDJSON of one line', () => {
    const parsed = parseSource(`\n\n${JSON.stringify(article, null, 2)}`);

    expect(parsed).toEqual({ format: 'ndjson', lines: [{ line: 3, value: article }] });
  });

  it('keeps NDJSON line numbers, skips blank lines and keeps bad lines as errors', () => {
    const parsed = parseSource('\uFEFF{"a":1}\n\n{oops\r\n{"b":2}\n');

    expect(parsed).toMatchObject({
      format: 'ndjson',
      lines: [
        { line: 1, value: { a: 1 } },
        { line: 3, error: expect.any(String) },
        { line: 4, value: { b: 2 } },
      ],
    });
  });

  it.each([
    ['', /empty/],
    ['   \n ', /empty/],
    ['Just some notes.', /unknown format: expected RSS 2.0, Atom 1.0, JSON Feed 1.x or NDJSON/],
    ['[{"title":"a"}]', /a JSON array; give NDJSON/],
    ['{not json\n{"a":1}', /the first line is not a JSON object/],
    ['<!DOCTYPE html><html><body>Home</body></html>', /this looks like a web page/],
    ['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', /XML, but not RSS or Atom/],
    ['<rss version="2.0"><channel><item><title>a</ti', /not well-formed XML/],
    ['{"items": [], "home_page_url": 3}', /not a JSON Feed/],
  ])('refuses %j', (text, message) => {
    expect(() => parseSource(text)).toThrow(UsageError);
    expect(() => parseSource(text)).toThrow(message);
  });
});

describe('decodeSource', () => {
  it('reads UTF-8, with or without a byte order mark', () => {
    expect(decodeSource(Buffer.from('\uFEFF<rss>é</rss>'))).toBe('<rss>é</rss>');
    expect(decodeSource(Buffer.from('{"t":"é"}'))).toBe('{"t":"é"}');
  });

  it('follows the XML declaration', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss>Thiès</rss>', 'latin1');

    expect(decodeSource(latin1)).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><rss>Thiès</rss>');
  });

  it('follows a UTF-16 byte order mark', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss>ç</rss>', 'utf16le')]);

    expect(decodeSource(utf16)).toBe('<rss>ç</rss>');
  });
});
