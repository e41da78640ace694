import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EmbeddedEngine, startEmbeddedEngine } from '../store/embedded-engine';

/**
 * The embedded engine lives inside `npm start`, on a random loopback port, and its
 * LevelDB directory can be open in one process only. The server writes the engine's
 * endpoint into the data directory while it runs, so local tools (`wirefeed keys
 * --local`) can talk to that engine; when no server runs, they open the directory themselves.
 */
const ENDPOINT_FILE = 'engine-endpoint';

/** Publishes the running engine's endpoint; the returned function withdraws it. */
export function publishEngineEndpoint(dataDir: string, endpoint: string): () => void {
  const file = join(dataDir, ENDPOINT_FILE);
  writeFileSync(file, `${endpoint}\n`, { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * The local engine over `dataDir`: the running server's, or one started here (closed by
 * `close()`); undefined when `dataDir` holds no data yet.
 */
export async function openLocalEngine(dataDir: string): Promise<EmbeddedEngine | undefined> {
  if (!existsSync(dataDir)) return undefined;
  const file = join(dataDir, ENDPOINT_FILE);
  const published = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  // Only a loopback endpoint: the file is data, not a way to send keys elsewhere.
  if (/^http:\/\/127\.0\.0\.1:\d+$/.test(published) && (await answers(published))) {
    return { endpoint: published, close: async () => {} };
  }
  return startEmbeddedEngine({ path: dataDir });
}
