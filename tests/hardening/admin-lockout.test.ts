import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoKeyStore } from '../../lib/store/dynamo-key-store';
import { anApp } from '../support/app';

/** The last admin key cannot lock everyone out. */
type App = Awaited<ReturnType<typeof anApp>>;
let t: App;
beforeAll(async () => {
  t = await anApp();
});
afterAll(() => t.close());

const revoke = (id: string, key: string) =>
  t.app.request(`http://localhost/api/keys/${id}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${key}` },
  });

describe('revoking admin keys', () => {
  it('refuses to revoke the last live admin key with a 409 problem naming it', async () => {
    const only = await t.keys.createKey({ name: 'only admin', scopes: ['keys:admin'] });
    await t.keys.createKey({ name: 'cms', scopes: ['articles:write'] });
    const res = await revoke(only.id, only.key);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { detail: string; errors: { parameter: string; detail: string }[] };
    expect(problem.detail).toContain(only.id);
    expect(problem.errors).toEqual([{ parameter: 'id', detail: expect.stringContaining('last') }]);
    // Still works.
    expect((await t.keys.authorize(`Bearer ${only.key}`, 'keys:admin')).id).toBe(only.id);
  });

  it('revokes an admin key while another live one remains, then refuses the last', async () => {
    const a = await t.keys.createKey({ name: 'a', scopes: ['keys:admin'] });
    const b = await t.keys.createKey({ name: 'b', scopes: ['keys:admin'] });
    const others = (await t.keys.listKeys()).filter(
      (k) => k.scopes.includes('keys:admin') && !k.revokedAt && k.id !== a.id && k.id !== b.id,
    );
    for (const k of others) expect((await revoke(k.id, a.key)).status).toBe(204);
    expect((await revoke(a.id, b.key)).status).toBe(204);
    expect((await revoke(b.id, b.key)).status).toBe(409);
  });

  it('counts only live keys when deciding whether an admin key exists', async () => {
    const fresh = await anApp();
    try {
      expect(await fresh.keys.hasLiveAdminKey()).toBe(false);
      const a = await fresh.keys.createKey({ name: 'a', scopes: ['keys:admin'] });
      const b = await fresh.keys.createKey({ name: 'b', scopes: ['keys:admin'] });
      expect(await fresh.keys.hasLiveAdminKey()).toBe(true);
      await fresh.keys.revokeKey(a.id);
      expect(await fresh.keys.hasLiveAdminKey()).toBe(true);
      // A key revoked before this rule existed, straight in the table.
      await new DynamoKeyStore(fresh.client, fresh.config.tableName).revoke(b.id, new Date());
      expect(await fresh.keys.hasLiveAdminKey()).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});
