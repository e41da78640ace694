import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

/**
 * The embedded DynamoDB engine: dynalite, in-process, speaking DynamoDB's HTTP API on
 * a loopback port, so the real SDK talks to it exactly as it talks to AWS.
 * It has no transactions, Streams or TTL; nothing in wirefeed relies on them.
 */
export interface EmbeddedEngine {
  endpoint: string;
  close(): Promise<void>;
}

/** `path`: a directory to keep data in (LevelDB); omitted: in memory. */
export async function startEmbeddedEngine(
  options: { path?: string; port?: number } = {},
): Promise<EmbeddedEngine> {
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
