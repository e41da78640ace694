import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ReaderKeys } from '../../lib/audience/reader-keys';
import { createStatsService } from '../../lib/audience/stats-service';
import { loadConfig } from '../../lib/config';
import { startLocalServer } from '../../lib/local/server';
import { DynamoAudienceStore } from '../../lib/store/dynamo-audience-store';
import { DynamoReaderSalts } from '../../lib/store/dynamo-reader-salts';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { freePort } from '../browser/host-page';
import { clientFor, freshTable } from '../support/engines';

export const SAMPLE_LOG = new URL('../fixtures/audience/E2EXAMPLE.2026-11-26-08.a1b2c3d4', import.meta.url);

export function sampleLogLines() {
  return createInterface({ input: createReadStream(SAMPLE_LOG), crlfDelay: Number.POSITIVE_INFINITY });
}

/** The audience store, salts and stats over a fresh table on dynalite. */
export async function anAudienceTable() {
  const engine = await startEmbeddedEngine();
  const client = clientFor(engine.endpoint);
  const tableName = await freshTable(client);
  const store = new DynamoAudienceStore(client, tableName);
  const salts = new DynamoReaderSalts(client, tableName);
  return {
    client,
    tableName,
    store,
    salts,
    readers: new ReaderKeys(salts),
    stats: createStatsService({ store }),
    close: engine.close,
  };
}

/** Feedbin's report and a Thunderbird on the politics Atom feed, the first day (both mixes); bytes differ. */
export const POLITICS_FIRST_DAY = {
  feed: 'category#politics/atom',
  requests: 2,
  ok: 2,
  notModified: 0,
  subscribers: 103,
  aggregators: { Feedbin: 102 },
  readers: { reader: 1 },
  families: { aggregator: 1, reader: 1 },
  clients: { Feedbin: 1, Thunderbird: 1 },
  partners: {},
};

/** Feedly's one poll of the site RSS feed just after midnight (both mixes); bytes differ. */
export const SITE_SECOND_DAY = {
  feed: 'site/rss',
  requests: 1,
  ok: 1,
  notModified: 0,
  subscribers: 471,
  aggregators: { Feedly: 471 },
  readers: {},
  families: { aggregator: 1 },
  clients: { Feedly: 1 },
  partners: {},
};

/**
 * The local server as `npm start` runs it, on a fresh data folder and a free port, with
 * time from `now`; its admin key read from what it prints.
 */
export async function startCountingServer(now: () => Date) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wirefeed-audience-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  const server = await startLocalServer(
    loadConfig({ PORT: String(port), PUBLIC_BASE_URL: base, WIREFEED_DATA_DIR: dataDir }),
    { log: (line) => lines.push(line), now },
  );
  const adminKey = lines.map((l) => /^Admin API key: (\S+)$/.exec(l)?.[1]).find(Boolean);
  if (!adminKey) throw new Error('The local server printed no admin key');
  return {
    server,
    base,
    adminKey,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A partner key ("Daily Digest", scope feeds:partner) made through the write API with the admin key. */
export async function createPartnerKey(base: string, adminKey: string) {
  const res = await fetch(`${base}/api/keys`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Daily Digest', scopes: ['feeds:partner'] }),
  });
  return (await res.json()) as { id: string; key: string; feedToken: string };
}

/** What the sample log (and its twin mix in the local replay) must add up to. */
export const SAMPLE_LOG_FIGURES = {
  from: '2026-11-26',
  to: '2026-11-27',
  days: [
    {
      day: '2026-11-26',
      feeds: [
        {
          feed: 'site/rss',
          requests: 14,
          ok: 11,
          notModified: 3,
          bytes: 56_610,
          // Feedly's latest report (465 at 09:00), not its earlier 470 nor a sum; Inoreader's 114;
          // three reader apps (two at one address with different apps, one elsewhere); one rss2email.
          subscribers: 465 + 114 + 3 + 1,
          aggregators: { Feedly: 465, Inoreader: 114 },
          readers: { reader: 3, newsletter: 1 },
          families: { aggregator: 5, reader: 4, newsletter: 1, crawler: 1, script: 1, partner: 2 },
          clients: {
            Feedly: 3,
            Inoreader: 2,
            NetNewsWire: 2,
            newsboat: 2,
            rss2email: 1,
            Googlebot: 1,
            curl: 1,
            partner: 2,
          },
          partners: { a1b2c3d4e5f6: 2 },
        },
        { ...POLITICS_FIRST_DAY, bytes: 14_000 },
      ],
    },
    {
      day: '2026-11-27',
      feeds: [{ ...SITE_SECOND_DAY, bytes: 5120 }],
    },
  ],
};
