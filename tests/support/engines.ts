import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, ensureTable, LOCAL_CREDENTIALS } from '../../lib/store/client';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { startDynamoDbLocal } from './dynamodb-local';

/**
 * The DynamoDB engines contract tests run against, over HTTP with the real SDK:
 * dynalite always, Amazon DynamoDB Local wherever Java is installed (CI has it).
 */
export interface Engine {
  name: string;
  endpoint: string;
  stop(): Promise<void>;
}

export async function startEngines(): Promise<Engine[]> {
  const dynalite = await startEmbeddedEngine();
  const engines: Engine[] = [{ name: 'dynalite', endpoint: dynalite.endpoint, stop: dynalite.close }];
  const local = await startDynamoDbLocal();
  if (local) engines.push({ name: 'DynamoDB Local', endpoint: local.endpoint, stop: local.stop });
  else console.warn('java not found: the store contract ran on dynalite only');
  return engines;
}

export function clientFor(endpoint: string): DynamoDBDocumentClient {
  return createDocumentClient({ region: 'us-east-1', endpoint, credentials: LOCAL_CREDENTIALS });
}

let tables = 0;

/** A fresh table per test: tests never see each other's data. */
export async function freshTable(client: DynamoDBDocumentClient): Promise<string> {
  const name = `t${process.pid}-${++tables}-${Date.now().toString(36)}`;
  await ensureTable(client, name);
  return name;
}
