import { describe, expect, it } from 'vitest';
import { rssProblems } from './rss-rules';
import { parseXml } from './xml';

describe('rssProblems (our stand-in for the W3C validator) catches what it claims to', () => {
  it('reports a name-only author, a bad date, a missing description and a half enclosure', () => {
    const rss = `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title><link>https://x.example/</link>
      <item><title>a</title><link>https://x.example/a</link><pubDate>2026-11-26</pubDate><guid>not a url</guid>
      <author>Aminata Diallo</author><enclosure url="https://x.example/i.jpg"/></item></channel></rss>`;
    expect(rssProblems(parseXml(rss))).toEqual([
      'channel needs exactly one <description>',
      'one atom:link rel="self" with an absolute href',
      'item 1: <pubDate> must be RFC 822',
      'item 1: permalink guid must be a URL',
      'item 1: <author> must be an e-mail address',
      'item 1: <enclosure> needs url, length and type',
    ]);
  });
});
