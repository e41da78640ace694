import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyService } from '../../lib/auth/key-service';
import { DynamoKeyStore } from '../../lib/store/dynamo-key-store';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { clientFor, freshTable } from '../support/engines';
import { runWirefeed } from './run-wirefeed';

/** `wirefeed keys`: the first admin key for a table nobody can reach through the API yet. */
describe('wirefeed keys', { timeout: 120_000 }, () => {
  let engine: Awaited<ReturnType<typeof startEmbeddedEngine>>;
  let env: Record<string, string>;
  let keys: ReturnType<typeof createKeyService>;
  const cwd = mkdtempSync(join(tmpdir(), 'wirefeed-keys-'));

  beforeAll(async () => {
    engine = await startEmbeddedEngine();
    const client = clientFor(engine.endpoint);
    const table = await freshTable(client);
    env = { TABLE_NAME: table, AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint, AWS_REGION: 'us-east-1' };
    keys = createKeyService({ store: new DynamoKeyStore(client, table), now: () => new Date() });
  });
  afterAll(async () => {
    await engine.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('creates a key that the API accepts, lists it without its secret, and revokes it', async () => {
    const created = await runWirefeed(
      ['keys', 'create', '--name', 'admin', '--scope', 'keys:admin', '--scope', 'articles:write'],
      { cwd, env },
    );
    expect(created.code, created.stderr).toBe(0);
    const key = /^API key: (wfk_\S+)$/m.exec(created.stdout)?.[1];
    const id = /^id: (\w+)$/m.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    expect((await keys.authorize(`Bearer ${key}`, 'keys:admin')).id).toBe(id);

    const listed = await runWirefeed(['keys', 'list'], { cwd, env });
    expect(listed.stdout).toContain(`${id}  live`);
    expect(listed.stdout).not.toContain(key!);

    // The last live admin key stays; with a second one, the first can go.
    const refused = await runWirefeed(['keys', 'revoke', id!], { cwd, env });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('last live admin key');
    await keys.createKey({ name: 'second admin', scopes: ['keys:admin'] });
    expect((await runWirefeed(['keys', 'revoke', id!], { cwd, env })).code).toBe(0);
    await expect(keys.authorize(`Bearer ${key}`, 'keys:admin')).rejects.toThrow(/valid API key/);
    expect((await runWirefeed(['keys', 'list'], { cwd, env })).stdout).toContain(`${id}  revoked`);
  });

  it.each([
    [['keys', 'create', '--name', 'x'], /--scope/],
    [['keys', 'create', '--scope', 'articles:write'], /--name/],
    [['keys', 'create', '--name', 'x', '--scope', 'root'], /not root/],
    [['keys', 'revoke'], /which key/],
    [['keys', 'rotate'], /unknown action/],
  ])('refuses %j with a usage error', async (args, message) => {
    const run = await runWirefeed(args, { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
