import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { AudienceRecorder } from '../audience/audience-recorder';
import { foldFinishedDays } from '../audience/day-folding';
import { ReaderKeys } from '../audience/reader-keys';
import { KEY_SCOPES } from '../auth/api-key';
import type { Config } from '../config';
import { FEED_FORMATS } from '../feeds/feed';
import { createFeedsRuntime } from '../feeds-runtime';
import { composeApps } from '../http/compose';
import { compression } from '../http/compression';
import { createHubRuntime } from '../hub-runtime';
import { createFollowService } from '../sources/follow-service';
import { createDocumentClient, ensureTable, isLocalEndpoint, LOCAL_CREDENTIALS } from '../store/client';
import { DynamoReaderSalts } from '../store/dynamo-reader-salts';
import { DynamoSourceStore } from '../store/dynamo-source-store';
import { type EmbeddedEngine, startEmbeddedEngine } from '../store/embedded-engine';
import { createWriteRuntime } from '../write-runtime';
import { countAudience } from './count-audience';
import { publishEngineEndpoint } from './engine-address';
import { seedSampleArticles } from './seed';

/** How often the local server writes the requests it counted to the table. */
export const AUDIENCE_FLUSH_MS = 10_000;

/** How often the local server looks for due sources (each source has its own interval, ≥ 1 min). */
const FOLLOW_TICK_MS = 5_000;
/** How often finished days' audience batches are folded (lib/audience/day-folding.ts), besides at start. */
const FOLD_TICK_MS = 3_600_000;

export interface LocalServer {
  url: string;
  /** Writes the requests counted so far to the table now (it does so every AUDIENCE_FLUSH_MS, and on close). */
  flushAudience(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `npm start`: the feeds app on Node, over the embedded engine (data under
 * WIREFEED_DATA_DIR) unless AWS_ENDPOINT_URL_DYNAMODB names another endpoint.
 * On a table it creates, it seeds the sample articles unless `config.samples` is off.
 */
export async function startLocalServer(
  config: Config,
  { log = console.log, now = () => new Date() }: { log?: (line: string) => void; now?: () => Date } = {},
): Promise<LocalServer> {
  let engine: EmbeddedEngine | undefined;
  let withdrawEndpoint = () => {};
  let endpoint = config.dynamoEndpoint;
  if (!endpoint) {
    const path = resolve(config.dataDir);
    mkdirSync(path, { recursive: true });
    engine = await startEmbeddedEngine({ path });
    endpoint = engine.endpoint;
    withdrawEndpoint = publishEngineEndpoint(path, endpoint);
    log(`Embedded DynamoDB engine (dynalite), data in ${path}`);
  }
  const client = createDocumentClient({
    region: config.region,
    endpoint,
    credentials: engine ? LOCAL_CREDENTIALS : undefined,
  });
  const isLocalEngine = engine !== undefined || isLocalEndpoint(endpoint);
  const created = isLocalEngine ? await ensureTable(client, config.tableName) : false;

  // One store for both sides: a write clears the head cache the feeds read at once.
  const reads = createFeedsRuntime({ config, client, now });
  const writes = createWriteRuntime({ config, client, now, store: reads.store });
  if (created && config.samples)
    log(
      `Created table ${config.tableName}; seeded ${await seedSampleArticles(writes.publishing, now())} sample articles`,
    );
  else if (created) log(`Created table ${config.tableName}, empty (WIREFEED_SAMPLES=off)`);
  const { repaired } = await writes.store.repairPending(now());
  if (repaired) log(`Finished ${repaired} interrupted article write(s)`);
  // Only on a local engine: on AWS, the first key comes from `wirefeed keys create`.
  if (isLocalEngine && !(await writes.keys.hasLiveAdminKey())) {
    const admin = await writes.keys.createKey({ name: 'admin (first start)', scopes: [...KEY_SCOPES] });
    // Shown once: only its SHA-256 is stored.
    log(`Admin API key: ${admin.key}`);
  }

  // The WebSub hub in this process: its worker resumes whatever the outbox still holds.
  const websub = createHubRuntime({
    config,
    client,
    now,
    feeds: reads.feeds,
    articles: reads.store,
    keys: writes.keys,
  });
  const hubWorker = websub.startWorker();
  // Every feed request is counted here, as CloudFront's logs count them on AWS (lib/audience).
  const recorder = new AudienceRecorder({
    store: writes.audience,
    readers: new ReaderKeys(new DynamoReaderSalts(client, config.tableName)),
  });
  recorder.start(AUDIENCE_FLUSH_MS);
  // A flush every 10 s is a batch item per feed: finished days are folded into one item
  // per feed, as the daily scheduled function does on AWS. One run at a time.
  let folding: Promise<unknown> | undefined;
  const fold = () => {
    folding ??= foldFinishedDays(writes.audience, now())
      .then(({ folded, deleted }) => {
        if (folded) log(`Folded ${deleted} audience batch(es) of finished days into ${folded} item(s)`);
      })
      .catch((error: Error) => log(`Folding audience figures failed: ${error.message}`))
      .finally(() => {
        folding = undefined;
      });
  };
  fold();
  const folder = setInterval(fold, FOLD_TICK_MS);
  folder.unref();
  const app = composeApps(
    [writes.articlesApp, writes.adminApp, websub.app, reads.feedsApp, reads.embedApp],
    [countAudience(recorder, now), compression()],
  );
  // A port already in use is an error to report (and close the engine), not a crash.
  const server = createAdaptorServer({ fetch: app.fetch });
  try {
    await new Promise<void>((ready, fail) => {
      server.once('error', fail);
      server.listen(config.port, config.host, () => {
        server.off('error', fail);
        ready();
      });
    });
  } catch (error) {
    clearInterval(folder);
    await folding;
    await hubWorker.stop();
    withdrawEndpoint();
    await recorder.stop();
    await engine?.close();
    throw error;
  }
  const base = config.site.publicBaseUrl;
  const url = `http://${hostForUrl(config.host)}:${config.port}`;
  // Followed sources: the same due-poll the scheduled function runs on AWS, on a timer.
  // Its state is in the table, so a restart picks up where the last run left off.
  const poller = createFollowService({
    sources: new DynamoSourceStore(client, config.tableName),
    publishing: writes.publishing,
    now,
  });
  // One run at a time: a tick that finds the previous run still going skips.
  let polling: Promise<unknown> | undefined;
  const follower = setInterval(() => {
    polling ??= poller
      .runDue()
      .then((runs) => {
        for (const run of runs) if (!run.ok) log(`Source ${run.id} failed; see GET /api/sources`);
      })
      .catch((error: Error) => log(`Polling sources failed: ${error.message}`))
      .finally(() => {
        polling = undefined;
      });
  }, FOLLOW_TICK_MS);
  follower.unref();
  log(`wirefeed is serving on ${url} (public base URL ${base})`);
  log(`  Feeds index:  ${base}/`);
  log(`  OPML:         ${base}/starter.opml (for readers; every feed: ${base}/feeds.opml)`);
  log(`  Embed widget: ${base}/embed.js (iframe: ${base}/embed/site)`);
  log(`  Admin page:   ${base}/admin (audience charts; sign in with an admin key)`);
  log(`  Write API:    ${base}/api/articles (OpenAPI: ${base}/api/openapi.json)`);
  log(
    `  WebSub hub:   ${config.websub.hubUrl} (callbacks on private addresses: ${config.websub.privateCallbacks})`,
  );
  for (const { file } of Object.values(FEED_FORMATS)) log(`  Site feed:    ${base}/${file}`);
  for (const feed of (await reads.feeds.listFeeds()).feeds.filter((f) => f.scope.kind !== 'site')) {
    log(`  ${feed.scope.kind.padEnd(9)} ${feed.urls.rss}`);
  }
  return {
    url,
    flushAudience: () => recorder.flush(),
    close: async () => {
      clearInterval(follower);
      clearInterval(folder);
      await polling;
      await folding;
      await new Promise<void>((done) => server.close(() => done()));
      await hubWorker.stop();
      withdrawEndpoint();
      await recorder.stop();
      await engine?.close();
    },
  };
}

/** Where a client on this machine reaches a server listening on `host`. */
function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
