import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config';
import { startLocalServer } from '../../lib/local/server';
import { freePort } from './host-page';

export interface RunningWirefeed {
  /** The origin the browser talks to, e.g. http://127.0.0.1:41234. */
  url: string;
  close(): Promise<void>;
}

/**
 * A wirefeed for the browser to talk to, exactly as `npm start` runs it: the sample site,
 * over HTTP. A free port found a moment ago can be taken by another test meanwhile; on
 * EADDRINUSE, try the next free one.
 */
export async function startWirefeed(port: number, attempts = 3): Promise<RunningWirefeed> {
  try {
    return await startOn(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempts <= 1) throw error;
    return startWirefeed(await freePort(), attempts - 1);
  }
}

async function startOn(port: number): Promise<RunningWirefeed> {
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'wirefeed-browser-'));
  const server = await startLocalServer(
    loadConfig({ PORT: String(port), PUBLIC_BASE_URL: url, WIREFEED_DATA_DIR: dataDir }),
    { log: () => {} },
  );
  return {
    url,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
