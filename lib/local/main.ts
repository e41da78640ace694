import { ConfigError, loadStartConfig } from '../config';
import { startLocalServer } from './server';

let config: ReturnType<typeof loadStartConfig>;
try {
  config = loadStartConfig(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`npm start: ${error.message}`);
  process.exit(2);
}
const server = await startLocalServer(config);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
