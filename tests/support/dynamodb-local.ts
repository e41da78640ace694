/**
 * Starts Amazon DynamoDB Local (the Java jar) for contract tests.
 *
 * The jar is not a dependency of this repo: the npm package `amplify-dynamodb-simulator` ships it in
 * its `emulator/` folder, but its own dependency tree is heavy. So on first use we `npm pack` that one
 * tarball (~55 MB) into `.cache/dynamodb-local/` (git-ignored), extract only `package/emulator`, and reuse
 * the extracted folder on later runs. Needs `java` (Debian: default-jre-headless) and `npm` on PATH.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const execFileAsync = promisify(execFile);

/** Pinned: the version this module was tested with (ships DynamoDB Local 1.25.1). */
export const SIMULATOR_VERSION = '2.9.30';
const SIMULATOR_PACKAGE = 'amplify-dynamodb-simulator';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = join(REPO_ROOT, '.cache', 'dynamodb-local');
/** Final location of the extracted `emulator/` folder; its presence means "ready". */
const EMULATOR_DIR = join(CACHE_DIR, `${SIMULATOR_PACKAGE}-${SIMULATOR_VERSION}`, 'emulator');
const JAR = 'DynamoDBLocal.jar';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
/** Keep only the tail of the child's output for error messages. */
const MAX_OUTPUT_CHARS = 8_000;

export interface DynamoDbLocal {
  /** e.g. `http://127.0.0.1:41234` */
  endpoint: string;
  /** Kills the JVM and resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

let javaChecked: boolean | undefined;

/** True when a `java` executable on PATH runs (`java -version` exits 0). Cached per process. */
export function javaAvailable(): boolean {
  if (javaChecked === undefined) {
    const r = spawnSync('java', ['-version'], { stdio: 'ignore', timeout: 30_000 });
    javaChecked = r.error === undefined && r.status === 0;
  }
  return javaChecked;
}

const emulatorReady = (): boolean => existsSync(join(EMULATOR_DIR, JAR));

let ensuring: Promise<string> | undefined;

/**
 * Returns the path of the extracted `emulator/` folder, fetching it first if needed.
 * Concurrency: within one process the promise is shared; across processes (vitest workers) each one
 * extracts into its own temp dir and then renames it into place. rename(2) of a directory is atomic and
 * fails if the target already exists non-empty, so the first finisher wins and the others discard theirs.
 */
export function ensureEmulator(): Promise<string> {
  ensuring ??= fetchEmulator().catch((err: unknown) => {
    ensuring = undefined; // let a later call retry
    throw err;
  });
  return ensuring;
}

async function fetchEmulator(): Promise<string> {
  if (emulatorReady()) return EMULATOR_DIR;
  await mkdir(join(EMULATOR_DIR, '..'), { recursive: true });
  const tmp = await mkdtemp(join(CACHE_DIR, '.tmp-'));
  try {
    const spec = `${SIMULATOR_PACKAGE}@${SIMULATOR_VERSION}`;
    try {
      await execFileAsync('npm', ['pack', spec, '--pack-destination', tmp, '--silent'], {
        cwd: tmp,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (err) {
      throw new Error(`dynamodb-local: \`npm pack ${spec}\` failed: ${describeExecError(err)}`);
    }
    const tgz = (await readdir(tmp)).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`dynamodb-local: npm pack ${spec} produced no .tgz in ${tmp}`);
    try {
      // --strip-components=1 turns package/emulator/... into emulator/...
      await execFileAsync('tar', ['-xzf', tgz, '--strip-components=1', 'package/emulator'], { cwd: tmp });
    } catch (err) {
      throw new Error(`dynamodb-local: extracting ${tgz} failed: ${describeExecError(err)}`);
    }
    if (!existsSync(join(tmp, 'emulator', JAR))) {
      throw new Error(`dynamodb-local: ${tgz} has no package/emulator/${JAR}`);
    }
    try {
      await rename(join(tmp, 'emulator'), EMULATOR_DIR);
    } catch (err) {
      // Another worker renamed its copy into place first: use that one.
      if (!emulatorReady()) throw err;
    }
    return EMULATOR_DIR;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function describeExecError(err: unknown): string {
  if (err instanceof Error) {
    const { stderr } = err as Error & { stderr?: unknown };
    return typeof stderr === 'string' && stderr.trim() ? `${err.message}\n${stderr.trim()}` : err.message;
  }
  return String(err);
}

/** Asks the OS for a free TCP port by listening on port 0, then releases it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close((err) => (err || port === 0 ? reject(err ?? new Error('no port')) : resolve(port)));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves when the child has exited (immediately if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts DynamoDB Local in memory on a free port and waits until it answers ListTables.
 * Returns undefined when `java` is not on PATH, so the caller can report that engine as not run.
 * Throws (with the JVM's output) if it does not answer within 60 s or exits early.
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal | undefined> {
  if (!javaAvailable()) return undefined;
  const emulatorDir = await ensureEmulator();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;

  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(emulatorDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      JAR,
      '-inMemory',
      '-port',
      String(port),
      // No network here anyway; don't let the JVM try to send usage telemetry (option exists since 1.24).
      '-disableTelemetry',
    ],
    { cwd: emulatorDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  // If the test process dies without calling stop(), don't leave an orphaned JVM holding the port.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = exited(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await done;
    clearTimeout(timer);
  };

  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1, // we poll ourselves
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError = '';
  try {
    for (;;) {
      if (spawnError) throw new Error(`dynamodb-local: could not run java: ${spawnError.message}`);
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `dynamodb-local: java exited early (code ${child.exitCode}, signal ${child.signalCode}).\n` +
            `Output:\n${output}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(2_000) });
        return { endpoint, stop };
      } catch (err) {
        lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `dynamodb-local: no answer to ListTables at ${endpoint} within ${START_TIMEOUT_MS / 1000} s ` +
            `(last error: ${lastError}).\nOutput:\n${output}`,
        );
      }
      await sleep(250);
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    client.destroy();
  }
}
