import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeApps } from '../../lib/http/compose';
import { createHubRuntime } from '../../lib/hub-runtime';
import { anApp } from '../support/app';
import { NOW } from '../support/fixtures';

export interface Received {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/**
 * A subscriber's callback on 127.0.0.1: echoes challenges, answers deliveries with
 * `status()` (200 unless a test says otherwise), and records everything it was sent.
 */
export async function aCallbackServer() {
  const received: Received[] = [];
  let status = (_r: Received) => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      received.push(r);
      if (r.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(r.url.searchParams.get('hub.challenge') ?? '');
        return;
      }
      res.writeHead(status(r));
      res.end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path = '/cb') => `${base}${path}`,
    received,
    posts: () => received.filter((r) => r.method === 'POST'),
    gets: () => received.filter((r) => r.method === 'GET'),
    answer(fn: (r: Received) => number) {
      status = fn;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** The app with the hub mounted and its worker driven by hand (`drain`), time pinned. */
export async function aHubApp(env: Record<string, string> = {}) {
  const t = await anApp([], { WEBSUB_COALESCE_MS: '1000', ...env });
  let now = NOW;
  const clock = () => now;
  const hubRuntime = () =>
    createHubRuntime({
      config: t.config,
      client: t.client,
      now: clock,
      feeds: t.feeds,
      articles: t.store,
      keys: t.keys,
    });
  const websub = hubRuntime();
  // No ticks: each test runs passes itself.
  const worker = websub.startWorker({ intervalMs: 3_600_000 });
  const app = composeApps([t.articlesApp, websub.app, t.feedsApp]);
  return {
    ...t,
    app,
    websub,
    worker,
    hubRuntime,
    now: clock,
    setNow(at: Date) {
      now = at;
      t.setNow(at);
    },
    /** Moves time on by `ms` and runs one worker pass. */
    async after(ms: number) {
      now = new Date(now.getTime() + ms);
      t.setNow(now);
      await worker.drain();
    },
    subscribe(form: Record<string, string>) {
      return app.request('http://localhost/websub', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    },
    async close() {
      await worker.stop();
      await t.close();
    },
  };
}
