import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFeed } from '../../lib/cli/import/import-feed';
import { DEFAULT_RETRY_POLICY } from '../../lib/cli/import/retry';
import type { PutOutcome, WriteApi } from '../../lib/cli/import/write-api';

/**
 * NDJSON is streamed: the importer reads the source no further ahead than the send pool
 * takes entries. Structural, not timed: an endless source, read only when asked
 * (a pull-based ReadableStream), and a count of the lines made against the lines sent.
 */

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'wirefeed-stream-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const LINES_PER_CHUNK = 10;

/** An NDJSON archive that never ends, made one chunk of lines each time the reader asks. */
function endlessArchive() {
  const state = { made: 0, cancelled: false };
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        let text = '';
        for (let i = 0; i < LINES_PER_CHUNK; i++, state.made++) {
          text += `${JSON.stringify({
            id: `story-${state.made}`,
            slug: `story-${state.made}`,
            title: `Story ${state.made}`,
            authors: [{ name: 'Desk', slug: 'desk' }],
            publishedAt: '2026-01-01T00:00:00Z',
            language: 'en',
            url: `https://archive.example/story-${state.made}`,
          })}\n`;
        }
        controller.enqueue(encoder.encode(text));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    // Nothing made ahead of a read.
    { highWaterMark: 0 },
  );
  const fetchArchive = (async () =>
    new Response(body, { headers: { 'Content-Type': 'application/x-ndjson' } })) as typeof fetch;
  return { state, fetchArchive };
}

/** Answers 201 to the first `accept` PUTs, then 401 (a revoked key): the import stops. */
function apiAccepting(accept: number) {
  const seen = { puts: 0, inFlight: 0, mostInFlight: 0 };
  const api: WriteApi = {
    async putArticle() {
      const n = ++seen.puts;
      seen.inFlight++;
      seen.mostInFlight = Math.max(seen.mostInFlight, seen.inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      seen.inFlight--;
      return (
        n <= accept
          ? { kind: 'created', status: 201 }
          : { kind: 'rejected', status: 401, reasons: [{ detail: 'revoked' }] }
      ) satisfies PutOutcome;
    },
  };
  return { api, seen };
}

const sink = () => ({
  text: '',
  write(s: string) {
    this.text += s;
  },
});

describe('importing NDJSON as a stream', () => {
  it('reads no further ahead of the send pool than the pool and one chunk of lines', async () => {
    // Prepare
    const { state, fetchArchive } = endlessArchive();
    const { api, seen } = apiAccepting(2_000);
    const concurrency = 8;
    const stdout = sink();

    // Act: an endless source; only the refused key ends the import.
    const code = await importFeed({
      source: 'https://archive.example/all.ndjson',
      cwd,
      defaults: {},
      concurrency,
      rejectsPath: join(cwd, 'rejects.ndjson'),
      api,
      apiUrl: 'https://wirefeed.example/api',
      retry: { policy: DEFAULT_RETRY_POLICY, sleep: async () => {}, random: () => 0 },
      stdout,
      stderr: sink(),
      fetch: fetchArchive,
    });

    // Assess
    expect(code).toBe(2);
    // The PUTs already in flight when the 401 came finish; nothing new starts.
    expect(stdout.text).toBe(`2000 created, 0 updated, ${seen.puts - 2_000} rejected\n`);
    expect(seen.puts - 2_000).toBeLessThanOrEqual(concurrency);
    expect(seen.mostInFlight).toBe(concurrency);
    // Every line made was sent, save those in the pool's hands and the rest of one chunk.
    expect(state.made - seen.puts).toBeLessThanOrEqual(concurrency + 2 * LINES_PER_CHUNK);
    // …and the source was closed when the import stopped.
    expect(state.cancelled).toBe(true);
    expect(await readFile(join(cwd, 'rejects.ndjson'), 'utf8')).toContain('"status":401');
  });
});
