import type { Command } from './command';
import { importCommand } from './import/import-command';

/**
 * Every `wirefeed <command>`, in the order `wirefeed --help` lists them.
 * To add one (e.g. `keys`, for `wirefeed keys create|revoke|list`): write
 * `lib/cli/keys/keys-command.ts` exporting a `Command`, and add it here.
 */
export const COMMANDS: Record<string, Command> = {
  import: importCommand,
};
