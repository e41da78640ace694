import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedsOnDiskFor } from './feeds-on-disk';

/**
 * Python feedparser (Debian's python3-feedparser), which rss2email and many scripts and
 * readers are built on, reading our RSS and Atom — with its strict XML parser and with
 * the loose one rss2email forces. And rss2email itself, in its default plain-text mail.
 */
const PYTHON = '/usr/bin/python3';
const R2E = '/usr/bin/r2e';

const PARSE = `
import feedparser, json, sys
if sys.argv[1] == 'loose':
    feedparser.api.PREFERRED_XML_PARSERS[:] = []
d = feedparser.parse(sys.argv[2])
out = []
for e in d.entries:
    out.append({'title': e.title, 'titleDetail': e.title_detail.value, 'summary': e.summary,
        'summaryDetail': e.summary_detail.value, 'author': e.get('author'),
        'content': [c.value for c in e.get('content', [])]})
print(json.dumps({'bozo': int(bool(d.bozo)), 'entries': out}))
`;

interface Entry {
  title: string;
  titleDetail: string;
  summary: string;
  summaryDetail: string;
  author: string;
  content: string[];
}

const feeds = feedsOnDiskFor({ [PYTHON]: 'python3-feedparser', [R2E]: 'rss2email' });

const parse = (parser: string, file: string) =>
  JSON.parse(execFileSync(PYTHON, ['-c', PARSE, parser, file], { encoding: 'utf8' })) as {
    bozo: number;
    entries: Entry[];
  };

/** The text a reader shows of HTML: RSS descriptions, Atom summaries and our excerpt content are HTML. */
const htmlText = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe.each(['strict', 'loose'])('Python feedparser (%s parser)', (parser) => {
  it.each(['rss', 'atom'] as const)(
    '%s: the summary, title and content are the article’s, never the photo caption or alt text',
    (format) => {
      const { bozo, entries } = parse(parser, feeds.files[format]);
      expect(bozo).toBe(0);
      const [photo, wire] = entries as [Entry, Entry];
      expect(photo.title).toBe('Why a<b and c>d matter');
      expect(photo.titleDetail).toBe('Why a<b and c>d matter');
      expect(htmlText(photo.summary)).toBe('The dek: tariffs <fall> & exports rise.');
      expect(htmlText(photo.summaryDetail)).toBe('The dek: tariffs <fall> & exports rise.');
      expect(photo.content.join()).toContain('The body of the photo story.');
      // Excerpt-only wire copy: its content is its summary, not the caption.
      expect(wire.title).toBe('Cocoa farmers paid on time');
      expect(wire.titleDetail).toBe('Cocoa farmers paid on time');
      expect(htmlText(wire.summaryDetail)).toBe('The dek of the wire story.');
      expect(wire.content.map(htmlText)).toEqual(['The dek of the wire story.']);
      for (const entry of entries) expect(JSON.stringify(entry)).not.toMatch(/A caption|Alt text/);
    },
  );

  it('rss: the one author shown names both co-authors', () => {
    const [photo] = parse(parser, feeds.files.rss).entries as [Entry];
    expect(photo.author).toBe('Aminata Diallo and Moussa Sow');
  });
});

describe('rss2email', () => {
  /** rss2email's default plain-text mails of one feed file, one string per mail. */
  const mailsOf = (format: 'rss' | 'atom') => {
    const home = join(feeds.dir, `r2e-${format}`);
    const mailbox = join(feeds.dir, `mailbox-${format}`);
    const sendmail = join(feeds.dir, `sendmail-${format}`);
    writeFileSync(sendmail, `#!/bin/sh\ncat >> '${mailbox}'\necho '=== end of mail ===' >> '${mailbox}'\n`);
    chmodSync(sendmail, 0o755);
    const env = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
    };
    const r2e = (...args: string[]) => execFileSync(R2E, args, { env, encoding: 'utf8', stdio: 'pipe' });
    r2e('new', 'reader@example.org');
    const config = join(home, 'config', 'rss2email.cfg');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^sendmail = .*$/m, `sendmail = ${sendmail}`));
    r2e('add', 'site', `file://${feeds.files[format]}`);
    r2e('run');
    return readFileSync(mailbox, 'utf8')
      .split('=== end of mail ===')
      .filter((m) => m.trim());
  };

  it.each(['rss', 'atom'] as const)(
    '%s: mails the article body, not the dek or the caption, in its default plain-text mail',
    (format) => {
      const mails = mailsOf(format);
      expect(mails).toHaveLength(2);
      const photo = mails.find((m) => m.includes('Subject: Why a<b and c>d matter'));
      const wire = mails.find((m) => m.includes('Subject: Cocoa farmers paid on time'));
      expect(photo).toContain('The body of the photo story.');
      expect(photo).not.toContain('The dek: tariffs');
      expect(wire).toContain('The dek of the wire story.');
      for (const mail of mails) expect(mail).not.toMatch(/A caption|Alt text/);
    },
  );
});
