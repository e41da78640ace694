/**
 * One HTTP server for the throughput cases, run by bench/http-load.ts in its own process
 * pinned to one core, so the load generator never competes with it:
 *
 *   hello   Hono on @hono/node-server, `GET /` → "ok"
 *   memory  `GET /rss.xml` → a prebuilt body with the headers the parent sends over IPC, and
 *           `GET /304` → a bodiless 304 with the headers of the app's 304, from constants
 *   app     the real feeds app (createFeedsRuntime, as functions/feeds.ts builds it) over an
 *           in-memory dynalite in this same process, seeded through the write path
 *
 * IPC: it sends `{ type: 'ready', port }`; it answers `{ type: 'cpu' }` with its
 * process.cpuUsage(), and exits on `{ type: 'exit' }` (so `--cpu-prof` can write its profile).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createFeedsRuntime } from '../lib/feeds-runtime';
import { createDocumentClient, ensureTable, LOCAL_CREDENTIALS } from '../lib/store/client';
import { startEmbeddedEngine } from '../lib/store/embedded-engine';
import { createWriteRuntime } from '../lib/write-runtime';
import { benchArticles, benchConfig } from './fixtures';

export type ServerKind = 'hello' | 'memory' | 'app';

export type ParentMessage =
  | {
      type: 'serve';
      body: string;
      headers: Record<string, string>;
      notModifiedHeaders: Record<string, string>;
    }
  | { type: 'cpu' }
  | { type: 'exit' };

export type ChildMessage = { type: 'ready'; port: number } | { type: 'cpu'; micros: number };

/** Articles in the app's table: more than one page of the default 20, so the feed has a `next` link. */
export const APP_ARTICLES = 60;

function helloApp(): Hono {
  const app = new Hono();
  app.get('/', (c) => c.text('ok'));
  return app;
}

function memoryApp(message: Extract<ParentMessage, { type: 'serve' }>): Hono {
  const { body, headers, notModifiedHeaders } = message;
  const app = new Hono();
  app.get('/rss.xml', (c) => c.body(body, 200, headers));
  app.get('/304', (c) => c.body(null, 304, notModifiedHeaders));
  return app;
}

async function feedsApp(): Promise<Hono> {
  const engine = await startEmbeddedEngine();
  const client = createDocumentClient({
    region: 'us-east-1',
    endpoint: engine.endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  // The defaults a deployment runs with, FEED_HEAD_CACHE_MS=500 included.
  const config = benchConfig();
  await ensureTable(client, config.tableName);
  const reads = createFeedsRuntime({ config, client });
  const writes = createWriteRuntime({ config, client, store: reads.store });
  for (const article of benchArticles(APP_ARTICLES, new Date()))
    await writes.publishing.publishArticle(article);
  return reads.feedsApp;
}

function listen(app: Hono): Promise<number> {
  return new Promise((ready) => {
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => ready(info.port));
  });
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(kind: ServerKind): Promise<void> {
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', micros: user + system });
    } else if (message.type === 'exit') process.exit(0);
  });
  let app: Hono;
  if (kind === 'hello') app = helloApp();
  else if (kind === 'app') app = await feedsApp();
  else {
    app = await new Promise<Hono>((resolve) => {
      const onMessage = (message: ParentMessage) => {
        if (message.type !== 'serve') return;
        process.off('message', onMessage);
        resolve(memoryApp(message));
      };
      process.on('message', onMessage);
    });
  }
  send({ type: 'ready', port: await listen(app) });
}

const kind = process.argv[2] as ServerKind;
if (!['hello', 'memory', 'app'].includes(kind)) throw new Error(`unknown server kind: ${kind}`);
await main(kind);
