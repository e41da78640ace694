import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadStartConfig } from '../../lib/config';
import { startLocalServer } from '../../lib/local/server';
import { freePort } from '../browser/host-page';
import { startLocalProcess } from '../support/local-process';

/** Starting clean: an empty site that still hands out its first admin key. */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wirefeed-empty-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function expectEmptySite(base: string, key: string) {
  const feed = (await (await fetch(`${base}/feed.json`)).json()) as { items: unknown[] };
  expect(feed.items).toEqual([]);
  const listing = await fetch(`${base}/api/articles?status=published`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  expect(listing.status).toBe(200);
  expect(((await listing.json()) as { items: unknown[] }).items).toEqual([]);
}

describe('WIREFEED_SAMPLES=off', () => {
  it('parses on and off, and --no-samples wins over the environment', () => {
    expect(loadConfig({}).samples).toBe(true);
    expect(loadConfig({ WIREFEED_SAMPLES: 'off' }).samples).toBe(false);
    expect(loadStartConfig(['--no-samples'], { WIREFEED_SAMPLES: 'on' }).samples).toBe(false);
    expect(loadStartConfig([], {}).samples).toBe(true);
    expect(() => loadConfig({ WIREFEED_SAMPLES: 'no' })).toThrow(ConfigError);
    expect(() => loadStartConfig(['--samples'], {})).toThrow(/unknown option --samples/);
  });

  it('starts an empty site on a new table and prints an admin key that works', async () => {
    const port = await freePort();
    const logs: string[] = [];
    const server = await startLocalServer(
      loadConfig({ PORT: String(port), WIREFEED_DATA_DIR: tempDir(), WIREFEED_SAMPLES: 'off' }),
      { log: (line) => logs.push(line) },
    );
    cleanups.push(() => server.close());
    expect(logs.join('\n')).not.toMatch(/seeded/);
    expect(logs.join('\n')).toMatch(/empty \(WIREFEED_SAMPLES=off\)/);
    const key = logs.join('\n').match(/Admin API key: (wfk_\S+)/)?.[1];
    expect(key).toBeDefined();
    await expectEmptySite(server.url, key as string);
  });
});

describe('npm start -- --no-samples', () => {
  it('runs the real entry point: empty site, admin key printed', async () => {
    const port = await freePort();
    const server = await startLocalProcess(['--no-samples'], {
      PORT: String(port),
      WIREFEED_DATA_DIR: tempDir(),
      WIREFEED_SAMPLES: 'on',
    });
    cleanups.push(() => server.kill());
    expect(server.output()).not.toMatch(/seeded/);
    const key = server.adminKey();
    expect(key, server.output()).toBeDefined();
    await expectEmptySite(`http://localhost:${port}`, key as string);
  });

  it('refuses an option it does not know, exit 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/local/main.ts', '--samples=no'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option --samples=no/);
  });
});
