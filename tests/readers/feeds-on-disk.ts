import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ArticleInput } from '../../lib/articles/article';
import { anApp } from '../support/app';
import { anArticleInput, hoursAgo } from '../support/fixtures';

/** Articles that tripped readers: a photo with a caption, co-authors, tag-shaped text, wire copy. */
export function readerArticles(): ArticleInput[] {
  return [
    anArticleInput({
      id: 'photo',
      title: 'Why a<b and c>d matter',
      summary: 'The dek: tariffs <fall> & exports rise.',
      contentHtml: '<p>The body of the photo story.</p>',
      authors: [
        { name: 'Aminata Diallo', slug: 'aminata-diallo' },
        { name: 'Moussa Sow', slug: 'moussa-sow' },
      ],
      publishedAt: hoursAgo(1),
    }),
    anArticleInput({
      id: 'wire',
      title: 'Cocoa farmers paid on time',
      summary: 'The dek of the wire story.',
      rights: 'excerpt',
      source: { name: 'AllAfrica', url: 'https://allafrica.com/' },
      publishedAt: hoursAgo(2),
    }),
  ];
}

/** The site feed in every format, as served, written to files for command-line readers. */
export async function feedsOnDisk(articles = readerArticles()) {
  const t = await anApp(articles);
  const dir = mkdtempSync(join(tmpdir(), 'wirefeed-readers-'));
  const files: Record<'rss' | 'atom' | 'json', string> = { rss: '', atom: '', json: '' };
  for (const [format, file] of [
    ['rss', 'rss.xml'],
    ['atom', 'atom.xml'],
    ['json', 'feed.json'],
  ] as const) {
    const res = await t.app.request(`/${file}`);
    if (res.status !== 200) throw new Error(`${file}: ${res.status}`);
    files[format] = join(dir, file);
    writeFileSync(files[format], Buffer.from(await res.arrayBuffer()));
  }
  await t.close();
  return { dir, files };
}

/**
 * The site feeds on disk for one test file's readers: each reader's command must be
 * installed (path → its Debian package), and the files are removed after the file's tests.
 * The returned object is filled in before the first test.
 */
export function feedsOnDiskFor(commands: Record<string, string>) {
  const feeds = { dir: '', files: { rss: '', atom: '', json: '' } };
  beforeAll(async () => {
    for (const [path, pkg] of Object.entries(commands)) {
      if (!existsSync(path))
        throw new Error(`${path} is missing: .ci/run installs it (apt-get install -y ${pkg})`);
    }
    Object.assign(feeds, await feedsOnDisk());
  });
  afterAll(() => {
    if (feeds.dir) rmSync(feeds.dir, { recursive: true, force: true });
  });
  return feeds;
}
