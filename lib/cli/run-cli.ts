import { CommandError, UsageError } from './cli-error';
import type { CliContext, Command } from './command';
import { EXIT } from './exit-codes';

function overview(commands: Record<string, Command>): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: wirefeed <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `wirefeed <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

/** Dispatches `argv` (without `node` and the script) to a command and turns errors into exit codes. */
export async function runCli(
  argv: string[],
  context: CliContext,
  commands: Record<string, Command>,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? context.stderr : context.stdout).write(overview(commands));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    context.stderr.write(`wirefeed: unknown command "${name}"; run wirefeed --help\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr.write(`wirefeed ${name}: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return EXIT.usage;
    }
    if (error instanceof CommandError) {
      context.stderr.write(`wirefeed ${name}: ${error.message}\n`);
      return EXIT.rejected;
    }
    context.stderr.write(`wirefeed ${name}: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.rejected;
  }
}
