import { parseFeed as parseWithRowanmanning } from '@rowanmanning/feed-parser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { renderAtom, renderJsonFeed, renderRss } from '../../lib/feeds/render';
import { validateAtom } from '../support/atom-schema';
import { aFeed } from '../support/feeds';
import { anArticle } from '../support/fixtures';
import { JsonFeed11 } from '../support/json-feed-schema';
import { assertWellFormedXml, find, parseXml } from '../support/xml';

/** A full staff story, a French one, and third-party wire copy that may only be excerpted. */
function sampleFeed() {
  const staff = anArticle({
    id: 'staff-1',
    title: 'Cocoa prices & the "harvest" gap < 5%',
    authors: [
      { name: 'Aminata Diallo', slug: 'aminata-diallo', url: 'https://baobabpost.example/a/aminata' },
      { name: 'Kwame Mensah', slug: 'kwame-mensah' },
    ],
    categories: ['Économie', 'Politics'],
    tags: ['Cocoa'],
    publishedAt: '2026-11-25T10:00:00Z',
    updatedAt: '2026-11-25T12:30:00Z',
  });
  const french = anArticle({
    id: 'fr-1',
    language: 'fr',
    title: 'Le port de Dakar prolonge ses horaires',
    publishedAt: '2026-11-24T09:00:00Z',
    image: { url: 'https://baobabpost.example/media/port.jpg', caption: 'Les quais', credit: 'Fatou Sarr' },
    related: [],
  });
  const wire = anArticle({
    id: 'wire-1',
    title: 'Regional trade bloc meets in Abuja',
    summary: 'Ministers gather to discuss tariffs.',
    contentHtml: '<p>The full wire text that we may not republish.</p>',
    source: { name: 'AllAfrica', url: 'https://allafrica.com/' },
    rights: 'excerpt',
    publishedAt: '2026-11-23T08:00:00Z',
    image: undefined,
  });
  return aFeed([staff, french, wire]);
}

describe('renderRss', () => {
  const xml = renderRss(sampleFeed());
  const channel = find(parseXml(xml), 'channel')[0]!;
  const items = find(channel, 'item');

  it('matches the snapshot', () => {
    expect(xml).toMatchSnapshot();
  });

  it('is well-formed and parses back with feedsmith and an independent parser', async () => {
    assertWellFormedXml(xml);
    const parsed = parseRssFeed(xml);
    expect(parsed.items?.map((i) => i.title)).toEqual([
      'Cocoa prices & the "harvest" gap < 5%',
      'Le port de Dakar prolonge ses horaires',
      'Regional trade bloc meets in Abuja',
    ]);
    const independent = parseWithRowanmanning(xml);
    expect(independent.items.map((i) => [i.id, i.url, i.published?.toISOString()])).toEqual([
      [
        'tag:baobabpost.example,2026:article:staff-1',
        'https://baobabpost.example/news/story-staff-1',
        '2026-11-25T10:00:00.000Z',
      ],
      [
        'tag:baobabpost.example,2026:article:fr-1',
        expect.stringContaining('https://'),
        '2026-11-24T09:00:00.000Z',
      ],
      [
        'tag:baobabpost.example,2026:article:wire-1',
        expect.stringContaining('https://'),
        '2026-11-23T08:00:00.000Z',
      ],
    ]);
    // One dc:creator naming both: readers show one author (tests/readers); Atom and JSON Feed keep them apart.
    expect(independent.items[0]?.authors.map((a) => a.name)).toEqual(['Aminata Diallo and Kwame Mensah']);
    expect(independent.items[0]?.categories.map((c) => c.label)).toEqual(['Économie', 'Politics', 'Cocoa']);
    expect(independent.items[0]?.media[0]?.url).toBe('https://baobabpost.example/media/story-staff-1.jpg');
  });

  it('has a self link from configuration and the channel metadata', () => {
    const self = find(channel, 'atom:link')[0];
    expect(self?.attributes).toMatchObject({ rel: 'self', href: 'https://feeds.baobabpost.example/rss.xml' });
    expect(find(channel, 'language')[0]?.text).toBe('en');
    expect(find(channel, 'image/url')[0]?.text).toBe('https://baobabpost.example/logo.png');
    expect(find(channel, 'lastBuildDate')[0]?.text).toBe('Thu, 26 Nov 2026 07:00:00 GMT');
  });

  it("carries Feedly's webfeeds icon, logo and accent colour", () => {
    expect(find(channel, 'webfeeds:icon')[0]?.text).toBe('https://baobabpost.example/icon.png');
    expect(find(channel, 'webfeeds:logo')[0]?.text).toBe('https://baobabpost.example/logo.png');
    expect(find(channel, 'webfeeds:accentColor')[0]?.text).toBe('8a3b12');
    expect(find(parseXml(renderAtom(sampleFeed())), 'webfeeds:accentColor')[0]?.uri).toBe(
      'http://webfeeds.org/rss/1.0',
    );
  });

  it('gives each item a non-permalink guid, dc:creator and never a name-only <author>', () => {
    const guid = find(items[0]!, 'guid')[0]!;
    expect(guid.attributes.isPermaLink).toBe('false');
    expect(guid.text).toBe('tag:baobabpost.example,2026:article:staff-1');
    expect(find(items[0]!, 'dc:creator').map((n) => n.text)).toEqual(['Aminata Diallo and Kwame Mensah']);
    expect(xml).not.toContain('<author>');
  });

  it('carries the lead image as Media RSS with caption and credit, and an enclosure only with type and length', () => {
    const media = find(items[0]!, 'media:content')[0]!;
    expect(media.attributes).toMatchObject({
      medium: 'image',
      type: 'image/jpeg',
      width: '1600',
      height: '900',
    });
    expect(find(media, 'media:description')[0]?.text).toBe('A caption');
    expect(find(media, 'media:credit')[0]?.attributes.role).toBe('photographer');
    expect(find(items[0]!, 'enclosure')[0]?.attributes).toEqual({
      url: 'https://baobabpost.example/media/story-staff-1.jpg',
      length: '123456',
      type: 'image/jpeg',
    });
    // The French story's image has no known type or length: Media RSS yes, enclosure no.
    expect(find(items[1]!, 'media:content')).toHaveLength(1);
    expect(find(items[1]!, 'enclosure')).toHaveLength(0);
    expect(find(items[1]!, 'dc:language')[0]?.text).toBe('fr');
  });

  it('gives excerpt-only wire copy its summary, link and source, never the body', () => {
    const wire = items[2]!;
    // Its content is its summary (so feedparser never takes the caption for it).
    expect(find(wire, 'content:encoded').map((n) => n.text)).toEqual([
      '<p>Ministers gather to discuss tariffs.</p>',
    ]);
    expect(xml).not.toContain('may not republish');
    expect(find(wire, 'description')[0]?.text).toBe('Ministers gather to discuss tariffs.');
    expect(find(wire, 'source')[0]).toMatchObject({
      text: 'AllAfrica',
      attributes: { url: 'https://allafrica.com/' },
    });
    expect(find(items[0]!, 'content:encoded')[0]?.text).toContain('<h2>Subheading</h2>');
  });

  it('keeps text values tight: no pretty-printing whitespace inside CDATA-wrapped titles', () => {
    expect(find(items[0]!, 'title')[0]?.text).toBe('Cocoa prices & the "harvest" gap < 5%');
  });

  it('keeps whitespace that is text, even beside CDATA markers inside a value (found by npm run fuzz)', () => {
    const title = 'T ]]> <![CDATA[ x\t<![CDATA[ y';
    const feed = aFeed([anArticle({ title, summary: title })]);
    for (const xml of [renderRss(feed), renderAtom(feed)]) {
      const entry = find(
        parseXml(xml),
        xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<rss') ? 'channel/item' : 'entry',
      )[0]!;
      expect(find(entry, 'title')[0]?.text).toBe(title.replace('\t', ' '));
    }
  });
});

describe('renderAtom', () => {
  const xml = renderAtom(sampleFeed());
  const feed = parseXml(xml);
  const entries = find(feed, 'entry');

  it('matches the snapshot', () => {
    expect(xml).toMatchSnapshot();
  });

  it("passes RFC 4287's RELAX NG schema", () => {
    expect(validateAtom(xml)).toEqual({ ok: true, errors: [] });
  });

  it('parses back with feedsmith and an independent parser', () => {
    const parsed = parseAtomFeed(xml);
    expect(parsed.entries?.map((e) => e.id)).toEqual([
      'tag:baobabpost.example,2026:article:staff-1',
      'tag:baobabpost.example,2026:article:fr-1',
      'tag:baobabpost.example,2026:article:wire-1',
    ]);
    const independent = parseWithRowanmanning(xml);
    expect(independent.title).toBe('Baobab Post');
    const first = independent.items[0]!;
    expect([first.title, first.url]).toEqual([
      'Cocoa prices & the "harvest" gap < 5%',
      'https://baobabpost.example/news/story-staff-1',
    ]);
    expect(independent.items[0]?.updated?.toISOString()).toBe('2026-11-25T12:30:00.000Z');
  });

  it('links self from configuration, and alternates to the site and the other formats', () => {
    const links = find(feed, 'link').map((l) => [l.attributes.rel, l.attributes.type, l.attributes.href]);
    expect(links).toEqual([
      ['self', 'application/atom+xml', 'https://feeds.baobabpost.example/atom.xml'],
      ['alternate', 'text/html', 'https://baobabpost.example/'],
      ['alternate', 'application/rss+xml', 'https://feeds.baobabpost.example/rss.xml'],
      ['alternate', 'application/feed+json', 'https://feeds.baobabpost.example/feed.json'],
    ]);
    expect(feed.attributes['xml:lang']).toBe('en');
  });

  it('gives entries language, categories with schemes, enclosure and related links', () => {
    const [staff, french] = entries;
    expect(french?.attributes['xml:lang']).toBe('fr');
    expect(find(staff!, 'category').map((c) => c.attributes)).toEqual([
      { term: 'economie', scheme: 'https://feeds.baobabpost.example/categories/', label: 'Économie' },
      { term: 'politics', scheme: 'https://feeds.baobabpost.example/categories/', label: 'Politics' },
      { term: 'cocoa', scheme: 'https://feeds.baobabpost.example/tags/', label: 'Cocoa' },
    ]);
    const rels = find(staff!, 'link').map((l) => l.attributes.rel);
    expect(rels).toEqual(['alternate', 'enclosure', 'related']);
    expect(find(staff!, 'media:content/media:credit')[0]?.text).toBe('Moussa Sow');
  });

  it('gives wire copy a source and rights, and its summary as text content, never the body', () => {
    const wire = entries[2]!;
    expect(find(wire, 'content').map((n) => [n.attributes.type, n.text])).toEqual([
      ['text', 'Ministers gather to discuss tariffs.'],
    ]);
    expect(find(wire, 'source/updated')[0]?.text).toBe(find(wire, 'updated')[0]?.text);
    // sfeed takes the first <title> in an entry: the entry's own comes before <source>'s.
    expect(find(wire, 'title')[0]?.text).not.toBe('AllAfrica');
    expect(find(wire, 'summary')[0]?.text).toBe('Ministers gather to discuss tariffs.');
    expect(find(wire, 'rights')[0]?.text).toBe('© AllAfrica. All rights reserved.');
    expect(find(wire, 'source/title')[0]?.text).toBe('AllAfrica');
  });
});

describe('renderJsonFeed', () => {
  const body = renderJsonFeed(sampleFeed());
  const json = JSON.parse(body);

  it('matches the snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  it("carries JSON Feed 1.1's fields, checked by an independent schema and by feedsmith", () => {
    expect(JsonFeed11.safeParse(json).error?.issues ?? []).toEqual([]);
    expect(parseJsonFeed(body).items?.length).toBe(3);
    expect(json).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      feed_url: 'https://feeds.baobabpost.example/feed.json',
      home_page_url: 'https://baobabpost.example/',
      language: 'en',
    });
  });

  it('gives items authors, language, image and attachments, and the extension object', () => {
    const [staff, french, wire] = json.items;
    expect(staff.authors).toEqual([
      { name: 'Aminata Diallo', url: 'https://baobabpost.example/a/aminata' },
      { name: 'Kwame Mensah' },
    ]);
    expect(staff.attachments).toEqual([
      {
        url: 'https://baobabpost.example/media/story-staff-1.jpg',
        mime_type: 'image/jpeg',
        size_in_bytes: 123456,
        title: 'A caption',
      },
    ]);
    expect(staff._wirefeed.image).toMatchObject({ caption: 'A caption', credit: 'Moussa Sow' });
    expect(french.language).toBe('fr');
    expect(french.attachments).toBeUndefined();
    expect(wire.content_html).toBeUndefined();
    expect(wire.content_text).toBe('Ministers gather to discuss tariffs.');
    expect(wire._wirefeed.source).toEqual({ name: 'AllAfrica', url: 'https://allafrica.com/' });
  });
});

describe('an empty feed', () => {
  it('is still valid in every format (JSON Feed keeps its required items array)', () => {
    const empty = aFeed([]);
    expect(JSON.parse(renderJsonFeed(empty)).items).toEqual([]);
    expect(JsonFeed11.safeParse(JSON.parse(renderJsonFeed(empty))).success).toBe(true);
    expect(validateAtom(renderAtom(empty)).errors).toEqual([]);
    assertWellFormedXml(renderRss(empty));
  });
});

describe('renderers are deterministic', () => {
  it('render the same model to the same bytes', () => {
    for (const render of [renderRss, renderAtom, renderJsonFeed]) {
      expect(render(sampleFeed())).toBe(render(sampleFeed()));
    }
  });
});
