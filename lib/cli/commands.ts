import type { Command } from './command';
import { followCommand } from './follow/follow-command';
import { importCommand } from './import/import-command';
import { keysCommand } from './keys/keys-command';
import { statsCommand } from './stats/stats-command';

/**
 * Every `wirefeed <command>`, in the order `wirefeed --help` lists them.
 * To add one, write `lib/cli/<name>/<name>-command.ts` exporting a `Command`, and add it here.
 */
export const COMMANDS: Record<string, Command> = {
  import: importCommand,
  follow: followCommand,
  keys: keysCommand,
  stats: statsCommand,
};
