import { type ChildProcess, spawn } from 'node:child_process';

/**
 * `npm start`'s real entry point (lib/local/main.ts) in a child process, as a user runs
 * it. Resolves once the server has printed its addresses; `output()` is everything it has
 * printed so far (the admin key among it).
 */
export interface LocalProcess {
  output(): string;
  /** The first admin key the server printed, if it minted one. */
  adminKey(): string | undefined;
  /** Sends `signal` (if still running) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startLocalProcess(args: string[], env: Record<string, string>): Promise<LocalProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'lib/local/main.ts', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    await new Promise<void>((ready, fail) => {
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        // The hub's line comes after the "serving" line, once the server listens.
        if (output.includes('WebSub hub:')) ready();
      });
      child.once('exit', (code) => fail(new Error(`exited ${code}: ${output}`)));
    });
  } catch (error) {
    await kill();
    throw error;
  }
  return {
    output: () => output,
    adminKey: () => output.match(/Admin API key: (wfk_\S+)/)?.[1],
    kill,
  };
}
