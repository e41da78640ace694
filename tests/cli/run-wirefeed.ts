import { execFile } from 'node:child_process';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Runs the real `bin/wirefeed.mjs` in a child process, as a user would. */

const BIN = fileURLToPath(new URL('../../bin/wirefeed.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The child sees none of the developer's WIREFEED_* settings, only `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([k]) => !k.startsWith('WIREFEED_') && k !== 'NODE_OPTIONS',
  );
  return { ...Object.fromEntries(inherited), ...env };
}

/** Asynchronous on purpose: the fake servers run in this process and must keep answering. */
export function runWirefeed(
  args: string[],
  { cwd, env = {} }: { cwd: string; env?: Record<string, string> },
) {
  return new Promise<CliResult>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: childEnv(env) }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A throwaway HTTP server for URL sources. */
export async function startHttpServer(listener: RequestListener) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
