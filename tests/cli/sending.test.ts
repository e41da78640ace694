import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArticleBody } from '../../lib/cli/import/mapped-entry';
import { forEachBounded } from '../../lib/cli/import/pool';
import { createProgress, renderProgress } from '../../lib/cli/import/progress';
import { createRejectsFile } from '../../lib/cli/import/rejects-file';
import { createWriteApi } from '../../lib/cli/import/write-api';
import { type FakeWriteApi, startFakeWriteApi } from './fake-write-api';

const anArticle = (slug = 'a-story'): ArticleBody => ({
  slug,
  title: 'A story',
  authors: [{ name: 'Desk', slug: 'desk' }],
  publishedAt: '2026-03-12T08:00:00.000Z',
  language: 'en',
  url: `https://site.example/${slug}`,
});

describe('forEachBounded', () => {
  it('never has more than `limit` items in flight, and does them all', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    const gates: Array<() => void> = [];

    const run = forEachBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight--;
      done.push(n);
    });
    // Release items one at a time, whenever one is waiting.
    while (done.length < 7) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    await run;

    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('starts nothing new once stop() is true', async () => {
    const started: number[] = [];

    await forEachBounded(
      [1, 2, 3, 4, 5],
      2,
      async (n) => void started.push(n),
      () => started.length >= 2,
    );

    expect(started).toEqual([1, 2]);
  });
});

describe('progress', () => {
  it('renders a bar and a count', () => {
    expect(renderProgress(0, 4)).toBe(`[${'-'.repeat(30)}] 0/4`);
    expect(renderProgress(120, 400)).toBe(`[${'#'.repeat(9)}${'-'.repeat(21)}] 120/400`);
    expect(renderProgress(0, 0)).toBe(`[${'#'.repeat(30)}] 0/0`);
  });

  it('redraws in place on a terminal and writes nothing elsewhere', () => {
    const tty = {
      isTTY: true,
      text: '',
      write(s: string) {
        this.text += s;
      },
    };
    const pipe = {
      isTTY: false,
      text: '',
      write(s: string) {
        this.text += s;
      },
    };

    for (const stream of [tty, pipe]) {
      const progress = createProgress(stream, 2);
      progress.tick();
      progress.tick();
      progress.done();
    }

    expect(tty.text).toBe(`\r${renderProgress(0, 2)}\r${renderProgress(1, 2)}\r${renderProgress(2, 2)}\n`);
    expect(pipe.text).toBe('');
  });
});

describe('createRejectsFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wirefeed-rejects-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates no file when nothing was rejected', async () => {
    const rejects = createRejectsFile(join(dir, 'r.ndjson'));

    await rejects.close();

    expect(existsSync(join(dir, 'r.ndjson'))).toBe(false);
  });

  it('writes one JSON line per rejected entry, replacing an older file', async () => {
    const path = join(dir, 'r.ndjson');
    const old = createRejectsFile(path);
    await old.add({ entry: 'old', status: null, reasons: [] });
    await old.close();

    const rejects = createRejectsFile(path);
    await Promise.all([
      rejects.add({
        entry: 'g-1',
        status: 400,
        reasons: [{ pointer: '/title', detail: 'x' }],
        article: { id: 'a' },
      }),
      rejects.add({ entry: 3, status: null, reasons: [{ detail: 'no date' }] }),
    ]);
    await rejects.close();

    expect(await readFile(path, 'utf8')).toBe(
      '{"entry":"g-1","status":400,"reasons":[{"pointer":"/title","detail":"x"}],"article":{"id":"a"}}\n' +
        '{"entry":3,"status":null,"reasons":[{"detail":"no date"}]}\n',
    );
  });
});

describe('createWriteApi, against the fake write API', () => {
  let api: FakeWriteApi;
  afterEach(async () => {
    await api.close();
  });

  it('PUTs the article under its id: 201 created, then 200 updated', async () => {
    api = await startFakeWriteApi({ key: 'k' });
    const client = createWriteApi({ apiUrl: api.url, apiKey: 'k' });

    const first = await client.putArticle('imp-1', anArticle());
    const second = await client.putArticle('imp-1', anArticle());

    expect([first, second]).toEqual([
      { kind: 'created', status: 201 },
      { kind: 'updated', status: 200 },
    ]);
    expect(api.articles.get('imp-1')).toMatchObject({ id: 'imp-1', slug: 'a-story' });
  });

  it('classifies problems: 400 with pointers and 401 are final; 429 and 503 with Retry-After, and resets, are not', async () => {
    api = await startFakeWriteApi({
      key: 'k',
      fault: (id) =>
        ({
          bad: { status: 400 as const, errors: [{ pointer: '/slug', detail: 'taken' }] },
          busy: { status: 429 as const, retryAfter: '3' },
          down: { status: 503 as const, retryAfter: '0' },
          gone: 'reset' as const,
        })[id],
    });
    const client = createWriteApi({ apiUrl: api.url, apiKey: 'k' });
    const wrongKey = createWriteApi({ apiUrl: api.url, apiKey: 'nope' });

    const outcomes = await Promise.all([
      client.putArticle('bad', anArticle()),
      client.putArticle('busy', anArticle()),
      client.putArticle('down', anArticle()),
      client.putArticle('gone', anArticle()),
      wrongKey.putArticle('any', anArticle()),
    ]);

    expect(outcomes).toEqual([
      { kind: 'rejected', status: 400, reasons: [{ pointer: '/slug', detail: 'taken' }] },
      { kind: 'retryable', status: 429, reasons: [{ detail: 'Try again later.' }], retryAfterMs: 3_000 },
      { kind: 'retryable', status: 503, reasons: [{ detail: 'Try again later.' }], retryAfterMs: 0 },
      { kind: 'retryable', status: null, reasons: [{ detail: expect.stringMatching(/^network error: /) }] },
      { kind: 'rejected', status: 401, reasons: [{ detail: 'The API key is missing or not valid.' }] },
    ]);
  });

  it('encodes the id in the path and never sends it in the body', async () => {
    api = await startFakeWriteApi({ key: 'k' });
    const client = createWriteApi({ apiUrl: api.url, apiKey: 'k' });

    const outcome = await client.putArticle('legacy.10~a', anArticle());

    expect(outcome.kind).toBe('created');
    expect(api.articles.has('legacy.10~a')).toBe(true);
  });
});
