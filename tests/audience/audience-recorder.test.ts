import { describe, expect, it } from 'vitest';
import type { FeedDayDelta } from '../../lib/audience/audience-batch';
import { AudienceRecorder } from '../../lib/audience/audience-recorder';
import type { AudienceStore } from '../../lib/audience/audience-store';
import type { Hit } from '../../lib/audience/hit';
import { ReaderKeys } from '../../lib/audience/reader-keys';

/** A store that keeps what it is given, by batch id, and writes nothing until `open()`. */
function aSlowStore() {
  const batches = new Map<string, FeedDayDelta[]>();
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const store: AudienceStore = {
    putDelta: async (delta, batch) => {
      await opened;
      batches.set(batch, [...(batches.get(batch) ?? []), delta]);
      return true;
    },
    readDayItems: async () => [],
  };
  return { store, batches, open };
}

const hit = (path: string): Hit => ({
  at: new Date('2026-11-26T08:00:00Z'),
  method: 'GET',
  path,
  status: 200,
  bytes: 100,
  userAgent: 'curl/8.11.1',
  address: '192.0.2.1',
});

const nextRequest = () => new Promise((resolve) => setImmediate(resolve));

describe('AudienceRecorder', () => {
  it('writes a full batch at once, so a slow write lets no batch outgrow maxEntries; flush waits for every write', async () => {
    // Prepare
    const { store, batches, open } = aSlowStore();
    const recorder = new AudienceRecorder({
      store,
      readers: new ReaderKeys({ saltFor: async () => new Uint8Array(32) }),
      maxEntries: 2,
    });

    // Act: hits arrive one after another while the first write is still waiting.
    for (const path of [
      '/rss.xml',
      '/atom.xml',
      '/feed.json',
      '/categories/politics/rss.xml',
      '/tags/dakar/rss.xml',
    ]) {
      recorder.record(hit(path));
      await nextRequest();
    }
    const flushed = recorder.flush();
    open();
    await flushed;

    // Assess
    expect([...batches.values()].map((deltas) => deltas.map((d) => d.feed))).toEqual([
      ['site/rss', 'site/atom'],
      ['site/json', 'category#politics/rss'],
      ['tag#dakar/rss'],
    ]);
  });
});
