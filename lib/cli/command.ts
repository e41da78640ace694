import type { CliEnv } from './cli-config';

/** Where a command writes; `isTTY` decides whether a progress bar is drawn. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliContext {
  env: CliEnv;
  stdout: Output;
  stderr: Output;
  /** Relative paths (sources, the rejects file) resolve against this. */
  cwd: string;
}

/** One `wirefeed <name>` command: parses its own arguments and returns the exit code. */
export interface Command {
  /** One line for `wirefeed --help`. */
  summary: string;
  /** The full text for `wirefeed <name> --help`. */
  usage: string;
  run(args: string[], context: CliContext): Promise<number>;
}
