import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { startLocalServer } from '../../lib/local/server';
import { freePort } from '../browser/host-page';
import { runWirefeed } from '../cli/run-wirefeed';

/** `wirefeed keys --local` reaches npm start's embedded engine, running or stopped. */

const cwd = mkdtempSync(join(tmpdir(), 'wirefeed-local-keys-'));
const dataDir = join(cwd, 'data');
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const env = { WIREFEED_DATA_DIR: dataDir };

describe('wirefeed keys --local', { timeout: 120_000 }, () => {
  it('without data yet, says to start the server first', async () => {
    const run = await runWirefeed(['keys', 'list', '--local'], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/npm start/);
  });

  it('lists, creates and revokes keys while the server runs, and after it stopped', async () => {
    const logs: string[] = [];
    const port = await freePort();
    const server = await startLocalServer(loadConfig({ PORT: String(port), WIREFEED_DATA_DIR: dataDir }), {
      log: (line) => logs.push(line),
    });
    let adminId: string | undefined;
    try {
      const listed = await runWirefeed(['keys', 'list', '--local'], { cwd, env });
      expect(listed.code, listed.stderr).toBe(0);
      adminId = /^(\w+)\s+live\s+\S*keys:admin/m.exec(listed.stdout)?.[1];
      expect(adminId, listed.stdout).toBeDefined();
      // The only admin key cannot go: the lockout this prevents.
      const refused = await runWirefeed(['keys', 'revoke', adminId!, '--local'], { cwd, env });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('last live admin key');
      // A key made by the CLI works against the running server at once.
      const created = await runWirefeed(
        ['keys', 'create', '--local', '--name', 'cms', '--scope', 'articles:read'],
        { cwd, env },
      );
      const key = /^API key: (\S+)$/m.exec(created.stdout)?.[1];
      const res = await fetch(`http://127.0.0.1:${port}/api/articles`, {
        headers: { Authorization: `Bearer ${key}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
    const after = await runWirefeed(['keys', 'list', '--local'], { cwd, env });
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain(`${adminId}  live`);
    expect(after.stdout).toMatch(/live\s+articles:read\s+\S+\s+cms/);
  });
});
