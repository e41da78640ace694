import { parseArgs } from 'node:util';
import { notWriteApi, notWriteApiLine } from '../api-response';
import { resolveApiTarget } from '../cli-config';
import { UsageError } from '../cli-error';
import type { Command } from '../command';
import { EXIT } from '../exit-codes';

const USAGE = `Usage: wirefeed follow <feed-URL> [options]

Registers a feed (RSS 2.0, Atom 1.0 or JSON Feed) that wirefeed then polls on its own
and returns. Each poll maps the feed as \`wirefeed import\` does (same article ids) and
writes only what changed. Following a URL again updates its interval.
State: GET {site}/api/sources.

Options:
  --every INTERVAL   how often to poll: 90s, 15m, 1h, 1d (at least 1m; default 15m)
  --api URL          the wirefeed site, e.g. http://localhost:3000 (default: $WIREFEED_API_URL)
  --key KEY          API key with articles:write (default: $WIREFEED_API_KEY)
  -h, --help         show this help
`;

const OPTIONS = {
  every: { type: 'string', default: '15m' },
  api: { type: 'string' },
  key: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see wirefeed follow --help`);
  }
}

interface SourceAnswer {
  id?: string;
  url?: string;
  everySeconds?: number;
  detail?: string;
  errors?: Array<{ pointer?: string; detail?: string }>;
}

export const followCommand: Command = {
  summary: 'follow a feed: wirefeed polls it and keeps its articles current',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parse(args);
    if (values.help) {
      context.stdout.write(USAGE);
      return EXIT.ok;
    }
    const [url, ...extra] = positionals;
    if (!url) throw new UsageError('give the URL of the feed to follow; see wirefeed follow --help');
    if (extra.length > 0) throw new UsageError(`one feed at a time, not also "${extra.join(' ')}"`);
    const target = resolveApiTarget(values, context.env);

    let response: Response;
    try {
      response = await fetch(`${target.apiUrl}/sources`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${target.apiKey}`,
          'Content-Type': 'application/json',
          Accept: 'application/json, application/problem+json',
        },
        body: JSON.stringify({ url, every: values.every }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const err = error as Error & { cause?: { code?: string } };
      throw new UsageError(`cannot reach ${target.apiUrl}: ${err.cause?.code ?? err.message}`);
    }
    const notApi = notWriteApi(response);
    if (notApi) throw new UsageError(notWriteApiLine(target.apiUrl, notApi));
    const body = (await response.json().catch(() => ({}))) as SourceAnswer;
    if (!response.ok) {
      const reasons = body.errors?.map((e) => `${e.pointer ?? ''} ${e.detail ?? ''}`.trim()).join('; ');
      throw new UsageError(
        `the API refused (${response.status}): ${reasons || body.detail || response.statusText}`,
      );
    }
    const seconds = body.everySeconds ?? 0;
    const every = seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
    const verb = response.status === 201 ? 'Following' : 'Still following';
    context.stdout.write(
      `${verb} ${body.url} every ${every} (source ${body.id}); the first poll is due now\n`,
    );
    return EXIT.ok;
  },
};
