import * as z from 'zod';
import { ARTICLE_URL_PLACEHOLDERS, articleUrl } from './articles/article-url';

/**
 * The one module that reads `process.env`. Everything else receives a `Config`
 * (or the part of it it needs) as an argument.
 */

const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The local server's listening address: loopback unless asked (HOST=0.0.0.0 for every interface). */
  HOST: z.string().trim().min(1).max(255).default('127.0.0.1'),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  TABLE_NAME: z.string().min(3).max(255).default('wirefeed'),
  AWS_ENDPOINT_URL_DYNAMODB: optionalUrl,
  AWS_REGION: z.string().default('us-east-1'),
  WIREFEED_DATA_DIR: z.string().default('./.data'),
  /** `off`: a new local table starts empty (no sample articles). */
  WIREFEED_SAMPLES: z.enum(['on', 'off']).default('on'),
  SITE_TITLE: z.string().default('Baobab Post'),
  SITE_DESCRIPTION: z.string().default('News from West and Central Africa, in English and French.'),
  SITE_URL: z.url({ protocol: /^https?$/ }).default('https://baobabpost.example/'),
  SITE_LANGUAGE: z.string().default('en'),
  /** The canonical URL of an article published without one (lib/articles/article-url.ts). */
  ARTICLE_URL_TEMPLATE: z
    .string()
    .default('{siteUrl}/{slug}')
    .refine(
      (t) => /\{(slug|id)\}/.test(t),
      'must contain {slug} or {id}, so that each article has its own URL',
    )
    .refine(
      (t) =>
        [...t.matchAll(/\{(\w+)\}/g)].every(([, name]) =>
          (ARTICLE_URL_PLACEHOLDERS as readonly string[]).includes(name ?? ''),
        ),
      `may use only ${ARTICLE_URL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
    ),
  SITE_ICON_URL: optionalUrl,
  SITE_LOGO_URL: optionalUrl,
  SITE_ACCENT_COLOR: z
    .string()
    .regex(/^#?[0-9a-fA-F]{6}$/, 'expected a hex colour like 8a3b12')
    .transform((c) => c.replace('#', '').toLowerCase())
    .optional(),
  /** What readers without a partner key get: full articles, or summaries and links. */
  PUBLIC_CONTENT_LEVEL: z.enum(['full', 'excerpt']).default('full'),
  FEED_MAX_AGE: z.coerce.number().int().min(0).max(86_400).default(300),
  FEED_STALE_WHILE_REVALIDATE: z.coerce.number().int().min(0).max(86_400).default(60),
  FEED_STALE_IF_ERROR: z.coerce.number().int().min(0).max(604_800).default(86_400),
  /** How long an instance reuses a feed head it read; writes elsewhere show within this. */
  FEED_HEAD_CACHE_MS: z.coerce.number().int().min(0).max(1_000).default(500),
  /** RFC 4151 tagging entity for item ids; fixed once, ids never change afterwards. */
  TAG_AUTHORITY: z
    .string()
    .regex(/^[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?$/, 'expected "domain,YYYY[-MM[-DD]]"')
    .optional(),
  /** Outside WebSub hubs to advertise and ping besides our own, comma-separated. */
  WEBSUB_HUBS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ })).max(10)),
  /** Whether the hub may call back loopback, private, link-local and unique-local addresses. */
  WEBSUB_PRIVATE_CALLBACKS: z.enum(['allow', 'deny']).optional(),
  /** Trailing window in which a topic's changes coalesce into one delivery. */
  WEBSUB_COALESCE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /** On AWS: the SQS queues the hub's jobs go through (infra/constructs/websub-hub.ts). */
  WEBSUB_VERIFY_QUEUE_URL: z.url().optional(),
  WEBSUB_DELIVERY_QUEUE_URL: z.url().optional(),
  /**
   * On AWS: the Secrets Manager secret whose value CloudFront sends as `x-origin-verify`
   * (infra/constructs/origin-secret.ts); requests without it are refused. Unset (npm start): no check.
   */
  ORIGIN_SECRET_ARN: z.string().trim().min(1).optional(),
  /** Secrets Manager elsewhere than AWS (tests); the SDK's own variable name. */
  AWS_ENDPOINT_URL_SECRETS_MANAGER: optionalUrl,
  /** Set by the Lambda runtime: we are on AWS. */
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

export interface SiteConfig {
  title: string;
  description: string;
  /** The publisher's website (where articles live). */
  url: string;
  language: string;
  iconUrl?: string;
  logoUrl?: string;
  /** Six hex digits, for Feedly's accent colour and the pages. */
  accentColor?: string;
  /** Where wirefeed itself is reachable; every self link is built from this, never from a request. */
  publicBaseUrl: string;
  /** RFC 4151 `taggingEntity` for stable item ids. */
  tagAuthority: string;
  /** ARTICLE_URL_TEMPLATE: the URL of an article published without one. */
  articleUrlTemplate: string;
}

export interface CachePolicy {
  /** Seconds a reader or CDN may reuse a feed without asking. */
  maxAge: number;
  /** Seconds a stale copy may be served while a fresh one is fetched. */
  staleWhileRevalidate: number;
  /** Seconds a stale copy may be served when the origin fails. */
  staleIfError: number;
}

export interface WebSubConfig {
  /** Our own hub, `{PUBLIC_BASE_URL}/websub`. */
  hubUrl: string;
  /** Outside hubs (WEBSUB_HUBS): advertised beside ours and pinged after every change. */
  outsideHubs: string[];
  /**
   * `deny`: callbacks must resolve to public addresses. Defaults to `allow` only on a
   * local engine (a laptop's subscriber is on localhost), `deny` on AWS.
   */
  privateCallbacks: 'allow' | 'deny';
  /** A topic's changes within this many milliseconds of each other go out as one delivery. */
  coalesceMs: number;
  /** On AWS, jobs go through SQS instead of the table's outbox. */
  queues?: { verify: string; delivery: string };
}

export interface Config {
  port: number;
  /** Address the local server listens on. */
  host: string;
  publicContentLevel: 'full' | 'excerpt';
  cache: CachePolicy;
  /** Milliseconds a feed head read is reused in this instance (≤ 1 s: writes show within a second). */
  headCacheMs: number;
  site: SiteConfig;
  tableName: string;
  region: string;
  /** Set: talk to that DynamoDB endpoint. Unset locally: start the embedded engine. */
  dynamoEndpoint?: string;
  dataDir: string;
  /** Seed the sample articles into a table the local server creates. */
  samples: boolean;
  websub: WebSubConfig;
  /** Set: only requests carrying this secret's value (CloudFront's) are served. */
  originSecret?: { secretId: string; endpoint?: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  const siteUrl = new URL(e.SITE_URL);
  const example = articleUrl(e.ARTICLE_URL_TEMPLATE, {
    siteUrl: siteUrl.href,
    slug: 'an-article',
    id: 'an-id',
    publishedAt: '2026-01-31T00:00:00.000Z',
  });
  if (!z.url({ protocol: /^https?$/ }).safeParse(example).success) {
    throw new ConfigError(
      `Invalid configuration: ARTICLE_URL_TEMPLATE: must give an absolute http(s) URL, gives "${example}"`,
    );
  }
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicContentLevel: e.PUBLIC_CONTENT_LEVEL,
    cache: {
      maxAge: e.FEED_MAX_AGE,
      staleWhileRevalidate: e.FEED_STALE_WHILE_REVALIDATE,
      staleIfError: e.FEED_STALE_IF_ERROR,
    },
    headCacheMs: e.FEED_HEAD_CACHE_MS,
    tableName: e.TABLE_NAME,
    region: e.AWS_REGION,
    dynamoEndpoint: e.AWS_ENDPOINT_URL_DYNAMODB,
    dataDir: e.WIREFEED_DATA_DIR,
    samples: e.WIREFEED_SAMPLES === 'on',
    originSecret: e.ORIGIN_SECRET_ARN
      ? { secretId: e.ORIGIN_SECRET_ARN, endpoint: e.AWS_ENDPOINT_URL_SECRETS_MANAGER }
      : undefined,
    websub: {
      hubUrl: `${publicBaseUrl}/websub`,
      outsideHubs: e.WEBSUB_HUBS,
      privateCallbacks: e.WEBSUB_PRIVATE_CALLBACKS ?? (onLocalEngine(e) ? 'allow' : 'deny'),
      coalesceMs: e.WEBSUB_COALESCE_MS,
      queues:
        e.WEBSUB_VERIFY_QUEUE_URL && e.WEBSUB_DELIVERY_QUEUE_URL
          ? { verify: e.WEBSUB_VERIFY_QUEUE_URL, delivery: e.WEBSUB_DELIVERY_QUEUE_URL }
          : undefined,
    },
    site: {
      title: e.SITE_TITLE,
      description: e.SITE_DESCRIPTION,
      url: siteUrl.href,
      language: e.SITE_LANGUAGE,
      iconUrl: e.SITE_ICON_URL,
      logoUrl: e.SITE_LOGO_URL,
      accentColor: e.SITE_ACCENT_COLOR,
      publicBaseUrl,
      tagAuthority: e.TAG_AUTHORITY ?? `${siteUrl.hostname},2026`,
      articleUrlTemplate: e.ARTICLE_URL_TEMPLATE,
    },
  };
}

/**
 * `npm start`'s options over the environment: `--no-samples` is `WIREFEED_SAMPLES=off`.
 * Throws `ConfigError` for an option it does not know.
 */
export function loadStartConfig(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): Config {
  const unknown = argv.filter((flag) => flag !== '--no-samples');
  if (unknown.length > 0) throw new ConfigError(`unknown option ${unknown.join(' ')} (known: --no-samples)`);
  return loadConfig(argv.includes('--no-samples') ? { ...env, WIREFEED_SAMPLES: 'off' } : env);
}

/** A DynamoDB endpoint on this machine (DynamoDB Local, dynalite): tables may be created there. */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  return !!endpoint && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(endpoint);
}

/** The embedded engine or DynamoDB on this machine, and not a Lambda function. */
function onLocalEngine(e: { AWS_ENDPOINT_URL_DYNAMODB?: string; AWS_LAMBDA_FUNCTION_NAME?: string }) {
  return (
    !e.AWS_LAMBDA_FUNCTION_NAME &&
    (!e.AWS_ENDPOINT_URL_DYNAMODB || isLocalEndpoint(e.AWS_ENDPOINT_URL_DYNAMODB))
  );
}
