import { loadCliEnv } from './cli-config';
import { COMMANDS } from './commands';
import { runCli } from './run-cli';

process.exitCode = await runCli(
  process.argv.slice(2),
  { env: loadCliEnv(), stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
  COMMANDS,
);
