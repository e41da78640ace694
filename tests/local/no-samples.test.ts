import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadStartConfig } from '../../lib/config';
import { startLocalServer } from '../../lib/local/server';

/** Starting clean: an empty site that still hands out its first admin key. */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

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
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', 'lib/local/main.ts', '--no-samples'],
      {
        env: { ...process.env, PORT: String(port), WIREFEED_DATA_DIR: tempDir(), WIREFEED_SAMPLES: 'on' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await exited;
    });
    let output = '';
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    await new Promise<void>((ready, fail) => {
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        if (output.includes('wirefeed is serving')) ready();
      });
      child.once('exit', (code) => fail(new Error(`exited ${code}: ${output}`)));
    });
    expect(output).not.toMatch(/seeded/);
    const key = output.match(/Admin API key: (wfk_\S+)/)?.[1];
    expect(key, output).toBeDefined();
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
