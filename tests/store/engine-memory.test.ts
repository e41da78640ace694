import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocumentClient, ensureTable, LOCAL_CREDENTIALS } from '../../lib/store/client';
import { type EmbeddedEngine, startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { TABLE_KEY_SCHEMA } from '../../lib/store/keys';

/**
 * The embedded engine must not grow with the number of requests it serves. Unpatched,
 * dynalite 4 left every Query's LevelDB iterator open (~45 KB each, never freed):
 * 3,000 Queries added ~150 MB. scripts/patch-dynalite.mjs (postinstall) closes them.
 * The bound is generous (a fixed engine settles within a few MB after warm-up) and
 * counts bytes, not time.
 */
const QUERIES = 3_000;
const MAX_GROWTH_MB = 64;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const residentMb = () => {
  gc();
  gc();
  return process.memoryUsage().rss / 2 ** 20;
};

let engine: EmbeddedEngine;
let dir: string;
const table = 'wirefeed-soak';
const { partitionKey, sortKey } = TABLE_KEY_SCHEMA;

beforeAll(async () => {
  // On disk, as `npm start` runs it (LevelDB): the case that leaked the most.
  dir = mkdtempSync(join(tmpdir(), 'wirefeed-soak-'));
  engine = await startEmbeddedEngine({ path: dir });
});

afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

it(`keeps its memory bounded over ${QUERIES} Queries (run npm ci or node scripts/patch-dynalite.mjs if this fails)`, async () => {
  // Prepare: 50 items of 2 KB under one partition, as a feed's entries are.
  const client = createDocumentClient({
    region: 'us-east-1',
    endpoint: engine.endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  await ensureTable(client, table);
  for (let batch = 0; batch < 2; batch++) {
    const items = Array.from({ length: 25 }, (_, i) => ({
      [partitionKey.name]: 'FEED#site',
      [sortKey.name]: `2026-11-26T08:${String(batch * 25 + i).padStart(2, '0')}:00.000Z#a${i}`,
      body: 'x'.repeat(2_000),
    }));
    await client.send(
      new BatchWriteCommand({ RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
  const query = () =>
    client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionKey.name },
        ExpressionAttributeValues: { ':pk': 'FEED#site' },
        ScanIndexForward: false,
        Limit: 20,
      }),
    );
  // Warm up (sockets, JIT, allocator arenas, LevelDB's block cache): RSS settles within ~1,000 Queries.
  for (let i = 0; i < 1_000; i++) await query();
  const before = residentMb();

  // Act
  for (let i = 0; i < QUERIES; i++) expect((await query()).Items).toHaveLength(20);

  // Assess
  const growth = residentMb() - before;
  expect(growth, `resident memory grew ${growth.toFixed(1)} MB over ${QUERIES} Queries`).toBeLessThan(
    MAX_GROWTH_MB,
  );
}, 120_000);
