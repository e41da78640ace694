import { loadConfig } from '../config';
import { startLocalServer } from './server';

const server = await startLocalServer(loadConfig());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
