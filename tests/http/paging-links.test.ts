import { afterAll, beforeAll, expect, it } from 'vitest';
import { anApp } from '../support/app';
import { anArticleInput, hoursAgo } from '../support/fixtures';
import { find, parseXml } from '../support/xml';

/** Links a feed gives about itself: self as requested, and no next page that would be empty. */
let t: Awaited<ReturnType<typeof anApp>>;
beforeAll(async () => {
  t = await anApp(
    Array.from({ length: 4 }, (_, i) => anArticleInput({ id: `p${i}`, publishedAt: hoursAgo(i + 1) })),
  );
});
afterAll(() => t.close());

const links = async (path: string) => {
  const res = await t.app.request(`http://localhost${path}`);
  expect(res.status).toBe(200);
  const channel = find(parseXml(await res.text()), 'channel')[0]!;
  return {
    items: find(channel, 'item').length,
    rel: Object.fromEntries(find(channel, 'atom:link').map((l) => [l.attributes.rel, l.attributes.href])),
  };
};
const local = (href: string) => href.replace('https://feeds.baobabpost.example', '');

it('links the last full page to no next page: following next never reaches an empty page', async () => {
  const first = await links('/rss.xml?limit=2');
  expect(first.items).toBe(2);
  const second = await links(local(first.rel.next as string));
  expect(second.items).toBe(2);
  expect(second.rel.next).toBeUndefined();
  expect(second.rel.previous).toBeDefined();
  // A feed holding exactly one page has no next either.
  expect((await links('/rss.xml?limit=4')).rel.next).toBeUndefined();
  expect((await links('/rss.xml?limit=3')).rel.next).toBeDefined();
});

it.each([
  ['2026-11-25T08:00:00Z', '2026-11-25T08:00:00Z'],
  ['2026-11-25T09:00:00%2B01:00', '2026-11-25T09:00:00%2B01:00'],
  ['2026-11-25t08:00:00.5z', '2026-11-25T08:00:00.5Z'],
])('echoes since=%s in its self link as sent (%s), not re-serialized', async (sent, echoed) => {
  const { rel } = await links(`/rss.xml?since=${sent}`);
  expect(rel.self).toBe(`https://feeds.baobabpost.example/rss.xml?since=${echoed}`);
});
