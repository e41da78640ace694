import { afterAll, describe, expect, it } from 'vitest';
import { toFeedItem } from '../../lib/feeds/feed-item';
import { anApp } from '../support/app';
import { anArticle, anArticleInput, testConfig } from '../support/fixtures';
import { liveScriptIn, tagsIn } from '../support/live-script';
import { find, parseXml } from '../support/xml';

/**
 * An article without a dek gets one from its body. Text that the body shows as
 * `<img …>` (written `&lt;img …&gt;` in HTML) is plain text in the excerpt and must
 * never come back as markup in any format or page.
 */
const BODY =
  '<p>Shows &lt;img src=x onerror=alert(1)&gt; and &amp;lt;script&amp;gt;alert(2)&amp;lt;/script&amp;gt; as text.</p>';

const t = await anApp([anArticleInput({ id: 'escaped', summary: '', contentHtml: BODY })]);
afterAll(() => t.close());
const get = (path: string, headers: Record<string, string> = {}) =>
  t.app.request(`http://localhost${path}`, { headers });

describe('excerpts derived from HTML', () => {
  it('decode each entity once: "&amp;lt;" is the text "&lt;", not "<"', () => {
    const item = toFeedItem(anArticle({ summary: '', contentHtml: BODY }), testConfig().site);
    expect(item.summary).toBe(
      'Shows <img src=x onerror=alert(1)> and &lt;script&gt;alert(2)&lt;/script&gt; as text.',
    );
  });

  it('stay text in RSS <description>, which readers render as HTML', async () => {
    const rss = parseXml(await (await get('/rss.xml')).text());
    const description = find(rss, 'channel/item/description')[0]?.text ?? '';
    expect(tagsIn(description)).toEqual([]);
    expect(liveScriptIn(description)).toEqual([]);
  });

  it('stay text in Atom (escaped in type="html") and JSON Feed (plain-text summary)', async () => {
    const atom = parseXml(await (await get('/atom.xml')).text());
    const summary = find(atom, 'entry/summary')[0];
    // type="html", not "text", so that feedparser's plain-text mailers prefer the body (tests/readers/feedparser.test.ts).
    expect(summary?.attributes.type).toBe('html');
    expect(summary?.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(tagsIn(summary?.text ?? '')).toEqual([]);
    expect(liveScriptIn(summary?.text ?? '')).toEqual([]);
    const json = (await (await get('/feed.json')).json()) as {
      items: { summary: string; content_html?: string }[];
    };
    expect(json.items[0]?.summary).toContain('<img src=x onerror=alert(1)>');
    expect(liveScriptIn(json.items[0]?.content_html ?? '')).toEqual([]);
  });

  it('stay text on the browser page of a feed', async () => {
    const page = await (await get('/rss.xml', { 'Sec-Fetch-Dest': 'document', Accept: 'text/html' })).text();
    expect(page).toContain('Shows &lt;img src=x onerror=alert(1)&gt;');
    const headlines = page.slice(page.indexOf('<ol>'), page.indexOf('</ol>'));
    expect(liveScriptIn(headlines)).toEqual([]);
    expect(tagsIn(headlines)).not.toContain('img');
  });
});
