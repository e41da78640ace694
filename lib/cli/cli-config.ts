import * as z from 'zod';
import { type Config, loadConfig } from '../config';
import { UsageError } from './cli-error';

/**
 * The one module of the CLI that reads `process.env` (lib/config.ts is the server's).
 * Flags win over the environment; the key is better kept in the environment, where `ps`
 * does not show it.
 */

export interface CliEnv {
  /** WIREFEED_API_URL: the site, e.g. http://localhost:3000, or its write API, …/api */
  apiUrl?: string;
  /** WIREFEED_API_KEY */
  apiKey?: string;
  /**
   * The table's settings (TABLE_NAME, AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB), for commands
   * that talk to DynamoDB directly (`wirefeed keys`); parsed only when such a command runs.
   */
  table?: () => Config;
}

export interface ApiTarget {
  /** The write API's base URL, ending in `/api`, without a trailing slash. */
  apiUrl: string;
  apiKey: string;
}

const nonEmpty = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

export function loadCliEnv(env: Record<string, string | undefined> = process.env): CliEnv {
  return {
    apiUrl: nonEmpty(env.WIREFEED_API_URL),
    apiKey: nonEmpty(env.WIREFEED_API_KEY),
    table: () => {
      try {
        return loadConfig(env);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    },
  };
}

const ApiUrlSchema = z.url({ protocol: /^https?$/ });

/**
 * The write API lives at `{site}/api`: a publisher who gives the site's address
 * (`http://localhost:3000`, what `npm start` prints) means the API under it. A URL
 * already ending in `/api` (or pasted with `/api/articles`) is kept as the API.
 */
export function writeApiUrl(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/api\/articles$/, '/api');
  parsed.pathname = path.endsWith('/api') ? path : `${path}/api`;
  return parsed.href;
}

/** The API to write to, from `--api`/`--key` or the environment; a `UsageError` names what is missing. */
export function resolveApiTarget(flags: { api?: string; key?: string }, env: CliEnv): ApiTarget {
  const apiUrl = nonEmpty(flags.api) ?? env.apiUrl;
  const apiKey = nonEmpty(flags.key) ?? env.apiKey;
  if (!apiUrl) throw new UsageError('no API URL: pass --api URL or set WIREFEED_API_URL');
  if (!ApiUrlSchema.safeParse(apiUrl).success) {
    throw new UsageError(`the API URL must be an absolute http(s) URL, not "${apiUrl}"`);
  }
  if (!apiKey) throw new UsageError('no API key: set WIREFEED_API_KEY (or pass --key KEY)');
  return { apiUrl: writeApiUrl(apiUrl), apiKey };
}
