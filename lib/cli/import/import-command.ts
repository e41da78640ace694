import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { resolveApiTarget } from '../cli-config';
import { UsageError } from '../cli-error';
import type { Command } from '../command';
import { canonicalLanguage } from './fields';
import { importFeed } from './import-feed';
import { DEFAULT_RETRY_POLICY } from './retry';
import { createWriteApi } from './write-api';

const USAGE = `Usage: wirefeed import <file-or-URL> [options]

Moves an existing feed into wirefeed through its write API: RSS 2.0, Atom 1.0,
JSON Feed 1.x, or NDJSON (one article JSON object per line). Importing the same
source again replaces the same articles; nothing is created twice.

Options:
  --api URL          the wirefeed site, e.g. http://localhost:3000 (or its write API,
                     …/api; default: $WIREFEED_API_URL)
  --key KEY          API key (default: $WIREFEED_API_KEY; prefer the variable: ps shows flags)
  --concurrency N    requests in flight, 1-64 (default: 4)
  --rejects FILE     where rejected entries are written, as NDJSON, only if any are
                     (default: ./wirefeed-rejects.ndjson)
  --language TAG     language of entries that declare none (default: the feed's, else en)
  -h, --help         show this help

Prints "N created, M updated, K rejected". Exit code 0 when nothing was rejected,
1 when something was, 2 for a usage, configuration or source error.
See docs/import.md.
`;

const OPTIONS = {
  api: { type: 'string' },
  key: { type: 'string' },
  concurrency: { type: 'string', default: '4' },
  rejects: { type: 'string', default: 'wirefeed-rejects.ndjson' },
  language: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  // Not in the help: tests set it to 0 so that retries wait for nothing.
  'backoff-base-ms': { type: 'string' },
} as const;

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see wirefeed import --help`);
  }
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return n;
}

export const importCommand: Command = {
  summary: 'import an RSS, Atom, JSON Feed or NDJSON file or URL through the write API',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parse(args);
    if (values.help) {
      context.stdout.write(USAGE);
      return 0;
    }
    const [source, ...extra] = positionals;
    if (!source) throw new UsageError('give the file or URL to import; see wirefeed import --help');
    if (extra.length > 0) throw new UsageError(`one source at a time, not also "${extra.join(' ')}"`);

    const language = values.language === undefined ? undefined : canonicalLanguage(values.language);
    if (values.language !== undefined && !language) {
      throw new UsageError(
        `--language must be a BCP 47 language tag such as en or fr-SN, not "${values.language}"`,
      );
    }
    const concurrency = integer('concurrency', values.concurrency, 1, 64);
    const baseMs =
      values['backoff-base-ms'] === undefined
        ? DEFAULT_RETRY_POLICY.baseMs
        : integer('backoff-base-ms', values['backoff-base-ms'], 0, 60_000);
    const target = resolveApiTarget(values, context.env);

    const rejectsPath = resolve(context.cwd, values.rejects);
    await access(dirname(rejectsPath), constants.W_OK).catch(() => {
      throw new UsageError(
        `cannot write the rejects file ${rejectsPath}: its directory is missing or read-only`,
      );
    });

    return importFeed({
      source,
      cwd: context.cwd,
      defaults: { language },
      concurrency,
      rejectsPath,
      api: createWriteApi(target),
      apiUrl: target.apiUrl,
      retry: { policy: { ...DEFAULT_RETRY_POLICY, baseMs }, sleep: (ms) => sleep(ms), random: Math.random },
      stdout: context.stdout,
      stderr: context.stderr,
    });
  },
};
