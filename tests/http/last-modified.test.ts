import { expect, it } from 'vitest';
import { anApp } from '../support/app';
import { anArticleInput, hoursAgo, NOW } from '../support/fixtures';

/**
 * A client that revalidates with If-Modified-Since only (Last-Modified has whole seconds)
 * must never get a 304 for a change made in the same second as its previous fetch.
 */
const at = (ms: number) => new Date(NOW.getTime() + ms);

it('never answers 304 to If-Modified-Since for a change within the second of the previous fetch', async () => {
  // Prepare: a feed last changed at NOW + 100 ms, fetched at NOW + 200 ms.
  const t = await anApp([]);
  try {
    t.setNow(at(100));
    await t.publishing.publishArticle(anArticleInput({ id: 'first', publishedAt: hoursAgo(1) }));
    t.setNow(at(200));
    const first = await t.app.request('/rss.xml');
    const seen = first.headers.get('last-modified')!;

    // Act: a second change in that same second; the client revalidates later with the date it got.
    t.setNow(at(700));
    await t.publishing.publishArticle(anArticleInput({ id: 'second', publishedAt: hoursAgo(1) }));
    t.setNow(at(5_000));
    const again = await t.app.request('/rss.xml', { headers: { 'If-Modified-Since': seen } });

    // Assess: the change is delivered; from then on the date is exact and polls get 304s.
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(':article:second<');
    const stable = again.headers.get('last-modified')!;
    expect(new Date(stable).getTime()).toBe(Math.floor(at(700).getTime() / 1000) * 1000);
    t.setNow(at(9_000));
    expect((await t.app.request('/rss.xml', { headers: { 'If-Modified-Since': stable } })).status).toBe(304);
  } finally {
    await t.close();
  }
});
