/**
 * How the command was called, its configuration or its source is wrong: the CLI prints
 * the message on one line of stderr and exits 2 (see `runCli`). Anything else is a bug.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command ran and was refused (e.g. revoking the last admin key): one line of stderr, exit 1. */
export class CommandError extends Error {
  override name = 'CommandError';
}
