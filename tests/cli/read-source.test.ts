import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/cli/cli-error';
import { readSource } from '../../lib/cli/import/read-source';
import { startHttpServer } from './run-wirefeed';

const limits = { maxBytes: 1_000, timeoutMs: 5_000 };
let cwd: string;
const servers: Array<{ close(): Promise<void> }> = [];

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'wirefeed-source-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await rm(cwd, { recursive: true, force: true });
});

async function site(listener: Parameters<typeof startHttpServer>[0]) {
  const server = await startHttpServer(listener);
  servers.push(server);
  return server.url;
}

describe('readSource', () => {
  it('reads a file relative to the working directory, up to the limit and no further', async () => {
    await writeFile(join(cwd, 'small.xml'), 'x'.repeat(1_000));
    await writeFile(join(cwd, 'big.xml'), 'x'.repeat(1_001));

    expect((await readSource('small.xml', { cwd, limits })).byteLength).toBe(1_000);
    await expect(readSource('big.xml', { cwd, limits })).rejects.toThrow(/big.xml is larger than 1000 bytes/);
  });

  it('refuses a URL whose Content-Length is over the limit before reading its body', async () => {
    const url = await site((_req, res) => {
      res.writeHead(200, { 'Content-Length': '5000' });
      res.write('x'.repeat(100));
    });

    await expect(readSource(`${url}/feed`, { cwd, limits })).rejects.toThrow(
      /larger than 1000 bytes \(Content-Length: 5000\)/,
    );
  });

  it('says what the server answered when it is not 2xx', async () => {
    const url = await site((_req, res) => {
      res.writeHead(404);
      res.end('nope');
    });

    await expect(readSource(`${url}/feed`, { cwd, limits })).rejects.toThrow(
      `GET ${url}/feed answered 404 Not Found`,
    );
  });

  it('gives up on a server that does not answer in time', async () => {
    const url = await site(() => {
      // never answers
    });

    const reading = readSource(`${url}/slow`, { cwd, limits: { ...limits, timeoutMs: 50 } });

    await expect(reading).rejects.toThrow(UsageError);
    await expect(reading).rejects.toThrow(/sent nothing for 0.05 s/);
  });

  it('says why it could not connect', async () => {
    const url = await site(() => {});
    await servers.pop()?.close();

    await expect(readSource(`${url}/feed`, { cwd, limits })).rejects.toThrow(/cannot fetch .*: ECONNREFUSED/);
  });

  it.each(['ftp://x.example/f', 'FILE:///etc/hosts', 'data:text/plain,hi', 'gopher://x'])(
    'refuses %s',
    async (source) => {
      await expect(readSource(source, { cwd, limits })).rejects.toThrow(/cannot import from \w+: URLs/);
    },
  );

  it('treats a Windows drive letter as a path, not a scheme', async () => {
    await expect(readSource('C:\\feeds\\rss.xml', { cwd, limits })).rejects.toThrow(
      /cannot read .*: no such file/,
    );
  });
});
