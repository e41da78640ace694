import { parseArgs } from 'node:util';
import type { StatsReport } from '../../audience/stats-service';
import { formatStatsTable } from '../../audience/stats-table';
import { resolveApiTarget } from '../cli-config';
import { UsageError } from '../cli-error';
import type { Command } from '../command';
import { EXIT } from '../exit-codes';

const USAGE = `Usage:
  wirefeed stats [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--feed FEED] [--json] [--api URL]

Subscribers and requests per feed and day, from GET {api}/stats (an admin key:
WIREFEED_API_KEY, scope keys:admin). Subscribers are the aggregators' latest reported
counts plus distinct reader apps and newsletter tools. FEED is site/rss,
category#politics/atom, or a feed's path such as /categories/politics/atom.xml.
Default range: the 30 days up to today (UTC). --json prints the API's answer as is.
The API comes from --api or WIREFEED_API_URL (e.g. http://localhost:3000/api).
`;

export const statsCommand: Command = {
  summary: 'subscribers and requests per feed and day, as a table',
  usage: USAGE,
  async run(args, context) {
    let values: {
      from?: string;
      to?: string;
      feed?: string;
      json?: boolean;
      api?: string;
      key?: string;
      help?: boolean;
    };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          from: { type: 'string' },
          to: { type: 'string' },
          feed: { type: 'string' },
          json: { type: 'boolean' },
          api: { type: 'string' },
          key: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }));
    } catch (error) {
      throw new UsageError(`${(error as Error).message}; see wirefeed stats --help`);
    }
    if (values.help) {
      context.stdout.write(USAGE);
      return EXIT.ok;
    }
    const target = resolveApiTarget(values, context.env);
    const query = new URLSearchParams();
    for (const name of ['from', 'to', 'feed'] as const) {
      const value = values[name];
      if (value) query.set(name, value);
    }
    const url = `${target.apiUrl}/stats${query.size ? `?${query}` : ''}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { Authorization: `Bearer ${target.apiKey}` } });
    } catch (error) {
      throw new UsageError(`cannot reach ${target.apiUrl}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 300);
      try {
        const problem = JSON.parse(text) as {
          detail?: string;
          errors?: { parameter?: string; detail?: string }[];
        };
        const fields = (problem.errors ?? []).map((e) => `${e.parameter ?? ''} ${e.detail ?? ''}`.trim());
        detail = [problem.detail, ...fields].filter(Boolean).join('; ');
      } catch {}
      throw new UsageError(`the API answered ${response.status}: ${detail}`);
    }
    context.stdout.write(values.json ? `${text}\n` : formatStatsTable(JSON.parse(text) as StatsReport));
    return EXIT.ok;
  },
};
