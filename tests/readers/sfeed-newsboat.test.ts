import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { feedsOnDiskFor } from './feeds-on-disk';

/**
 * Debian's sfeed and newsboat on the feeds as served. sfeed: a strict, minimal parser that takes the first `<title>` it meets in
 * an entry. Its TSV columns: timestamp, title, link, content, content type, id, author,
 * enclosure, categories.
 */
const SFEED = '/usr/bin/sfeed';
const NEWSBOAT = '/usr/bin/newsboat';
const PYTHON = '/usr/bin/python3';

const feeds = feedsOnDiskFor({ [SFEED]: 'sfeed', [NEWSBOAT]: 'newsboat' });

const rows = (file: string) =>
  execFileSync(SFEED, { input: readFileSync(file), encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.split('\t'));

it.each(['rss', 'atom'] as const)(
  '%s: every entry under its own title, with the article’s id and text',
  (format) => {
    const [photo, wire] = rows(feeds.files[format]);
    expect(photo?.[1]).toBe('Why a<b and c>d matter');
    // The wire copy's <source> has a <title> too ("AllAfrica"): the entry's own comes first.
    expect(wire?.[1]).toBe('Cocoa farmers paid on time');
    expect(wire?.[5]).toBe('tag:baobabpost.example,2026:article:wire');
    expect(wire?.[3]).toContain('The dek of the wire story.');
  },
);

it('rss: the author names both co-authors', () => {
  const [photo] = rows(feeds.files.rss);
  expect(photo?.[6]).toBe('Aminata Diallo and Moussa Sow');
});

/** newsboat keys its cache by guid alone, so each format gets its own cache here. */
function newsboatItems(file: string): [string, string][] {
  const urls = join(feeds.dir, `${file.split('/').at(-1)}.urls`);
  const cache = join(feeds.dir, `${file.split('/').at(-1)}.db`);
  writeFileSync(urls, `file://${file}\n`);
  execFileSync(NEWSBOAT, ['-u', urls, '-c', cache, '-C', '/dev/null', '-x', 'reload'], {
    env: { ...process.env, HOME: feeds.dir },
  });
  const query = 'select title, author from rss_item order by pubDate desc';
  return JSON.parse(
    execFileSync(
      PYTHON,
      [
        '-c',
        `import json,sqlite3,sys; print(json.dumps(list(sqlite3.connect(sys.argv[1]).execute("${query}"))))`,
        cache,
      ],
      { encoding: 'utf8' },
    ),
  );
}

it('newsboat shows one author naming both co-authors (RSS), each entry under its own title (both)', () => {
  expect(newsboatItems(feeds.files.rss)).toEqual([
    ['Why a<b and c>d matter', 'Aminata Diallo and Moussa Sow'],
    ['Cocoa farmers paid on time', 'Aminata Diallo'],
  ]);
  expect(newsboatItems(feeds.files.atom).map(([title]) => title)).toEqual([
    'Why a<b and c>d matter',
    'Cocoa farmers paid on time',
  ]);
});
