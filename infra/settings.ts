import type { Node } from 'constructs';
import { ConfigError, loadConfig } from '../lib/config';
import { DEFAULT_EDGE_RATE_LIMITS, type EdgeRateLimits, RATE_LIMIT_RANGE } from './constructs/edge-firewall';

/**
 * The deployment's settings, read once from CDK context (`cdk.json` or `-c key=value`).
 * docs/infra.md lists every key; the function's settings are validated by lib/config.ts
 * itself, so a bad URL fails `cdk synth` instead of the first cold start.
 */

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

/**
 * The budget's monthly amount unless context `monthlyBudgetUsd` says otherwise: above a
 * quiet stage's few dollars, far below what a flood would cost in a day without limits.
 */
export const DEFAULT_MONTHLY_BUDGET_USD = 50;

/** Context keys for the site, and the lib/config.ts variables they become. */
export const SITE_CONTEXT_KEYS = {
  siteTitle: 'SITE_TITLE',
  siteDescription: 'SITE_DESCRIPTION',
  siteUrl: 'SITE_URL',
  siteLanguage: 'SITE_LANGUAGE',
  siteIconUrl: 'SITE_ICON_URL',
  siteLogoUrl: 'SITE_LOGO_URL',
  tagAuthority: 'TAG_AUTHORITY',
} as const;

export interface CustomDomain {
  domainName: string;
  /** An ACM certificate in us-east-1 covering `domainName` (CloudFront reads only that region). */
  certificateArn: string;
}

export interface Settings {
  stage: StageName;
  /**
   * Where readers reach the feeds, when known at synth: context `publicBaseUrl`, else
   * `https://{domainName}`. Unset: the distribution's own address, which CloudFormation
   * resolves in the same deploy (infra/stacks/api-stack.ts).
   */
  publicBaseUrl?: string;
  customDomain?: CustomDomain;
  /** Unset: the stack's own region, where the API is. */
  originShieldRegion?: string;
  /** An existing SNS topic that alarms notify instead of the stacks' own. */
  alarmTopicArn?: string;
  /** Subscribed to the stacks' alarm topics (a confirmation mail arrives first). */
  alarmEmail?: string;
  /**
   * The articles table's name: `wirefeed-{stage}` unless context `tableName` says
   * otherwise (a table restored under another name, docs/infra.md "Restore").
   */
  tableName: string;
  /**
   * The origin secret's version CloudFront sends; set after a rotation (docs/infra.md
   * "Rotating the origin secret"). Unset: the current version.
   */
  originSecretVersionId?: string;
  /** The us-east-1 stacks: the web ACL's limits, the budget. */
  edge: {
    /** Context `wafRateLimit`, `wafCacheBustingRateLimit`, `wafWriteRateLimit`. */
    rateLimits: EdgeRateLimits;
    /** Context `monthlyBudgetUsd`. */
    monthlyBudgetUsd: number;
  };
  /** AWS Backup of the table (docs/infra.md "Backups and restore"). */
  backup: {
    /** Context `backupRetentionDays`: how long daily recovery points (and their copies) are kept. */
    retentionDays: number;
    /**
     * Context `backupCopyRegion`: where each recovery point is copied. Required for prod
     * (`none` declines explicitly); unset in dev, where the copy would cost for nothing.
     */
    copyRegion?: string;
  };
  /** Backstops, each off unless its context key is set (docs/infra.md "Backstops"). */
  backstops: Backstops;
  /** PUBLIC_BASE_URL when `publicBaseUrl` is known, and the SITE_* / TAG_AUTHORITY variables that were set. */
  environment: Record<string, string>;
}

/**
 * Ceilings that bound what a flood or a runaway loop can run up. Off by default: reserved
 * concurrency comes out of the account's regional pool (a new account's is often 10,
 * and Lambda keeps 10 unreserved), so a default would make deploys fail there.
 */
export interface Backstops {
  /** Context `feedsReservedConcurrency`: the feeds function's most concurrent instances. */
  feedsReservedConcurrency?: number;
  /** Context `articlesReservedConcurrency`: the write API's. */
  articlesReservedConcurrency?: number;
  /** Context `tableMaxReadRequestUnits`: on-demand read request units per second, at most. */
  tableMaxReadRequestUnits?: number;
  /** Context `tableMaxWriteRequestUnits`: on-demand write request units per second, at most. */
  tableMaxWriteRequestUnits?: number;
}

/** Daily recovery points are kept this long unless context `backupRetentionDays` says otherwise. */
export const DEFAULT_BACKUP_RETENTION_DAYS = 35;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CLOUDFRONT_CERTIFICATE = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/;
const SNS_TOPIC = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/;
/** DynamoDB's own rule for table names. */
const TABLE_NAME = /^[\w.-]{3,255}$/;
/** Secrets Manager's rule for a version id (a UUID when it generates one). */
const SECRET_VERSION_ID = /^[A-Za-z0-9-]{32,64}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function readSettings(node: Node): Settings {
  const stage = text(node, 'stage') ?? 'dev';
  if (!isStage(stage)) {
    throw new SettingsError(`Context "stage" must be one of ${STAGES.join(', ')}; got "${stage}"`);
  }
  const customDomain = readCustomDomain(node);
  const publicBaseUrl =
    text(node, 'publicBaseUrl') ?? (customDomain ? `https://${customDomain.domainName}` : undefined);
  // Dev can live at the distribution's own address; prod's feed URLs are kept by
  // subscribers, so they must outlive the distribution (a replaced one gets a new name).
  if (!publicBaseUrl && stage === 'prod') {
    throw new SettingsError(
      'Context "publicBaseUrl" (or "domainName") is required for stage prod: subscribers keep its feed URLs, which must outlive the distribution',
    );
  }

  const environment: Record<string, string> = publicBaseUrl ? { PUBLIC_BASE_URL: publicBaseUrl } : {};
  for (const [key, variable] of Object.entries(SITE_CONTEXT_KEYS)) {
    const value = text(node, key);
    if (value !== undefined) environment[variable] = value;
  }
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new SettingsError(`Context for the feeds function: ${error.message}`);
    throw error;
  }

  const alarmTopicArn = text(node, 'alarmTopicArn');
  if (alarmTopicArn && !SNS_TOPIC.test(alarmTopicArn)) {
    throw new SettingsError(`Context "alarmTopicArn" must be an SNS topic ARN; got "${alarmTopicArn}"`);
  }
  const alarmEmail = text(node, 'alarmEmail');
  if (alarmEmail && !EMAIL.test(alarmEmail)) {
    throw new SettingsError(`Context "alarmEmail" must be an email address; got "${alarmEmail}"`);
  }
  const tableName = text(node, 'tableName') ?? `wirefeed-${stage}`;
  if (!TABLE_NAME.test(tableName)) {
    throw new SettingsError(
      `Context "tableName" must be 3 to 255 letters, digits, _, - or .; got "${tableName}"`,
    );
  }
  const originSecretVersionId = text(node, 'originSecretVersionId');
  if (originSecretVersionId && !SECRET_VERSION_ID.test(originSecretVersionId)) {
    throw new SettingsError(
      `Context "originSecretVersionId" must be a Secrets Manager version id (32 to 64 letters, digits or -); got "${originSecretVersionId}"`,
    );
  }
  const rateLimits: EdgeRateLimits = {
    general: whole(node, 'wafRateLimit', DEFAULT_EDGE_RATE_LIMITS.general, RATE_LIMIT_RANGE),
    cacheBusting: whole(
      node,
      'wafCacheBustingRateLimit',
      DEFAULT_EDGE_RATE_LIMITS.cacheBusting,
      RATE_LIMIT_RANGE,
    ),
    writes: whole(node, 'wafWriteRateLimit', DEFAULT_EDGE_RATE_LIMITS.writes, RATE_LIMIT_RANGE),
  };
  const monthlyBudgetUsd = whole(node, 'monthlyBudgetUsd', DEFAULT_MONTHLY_BUDGET_USD, {
    min: 1,
    max: 1_000_000,
  });
  const backup = {
    retentionDays: whole(node, 'backupRetentionDays', DEFAULT_BACKUP_RETENTION_DAYS, { min: 1, max: 36_500 }),
    copyRegion: readCopyRegion(node, stage),
  };
  const optional = (key: string, max: number) =>
    text(node, key) === undefined ? undefined : whole(node, key, 0, { min: 1, max });
  const backstops: Backstops = {
    feedsReservedConcurrency: optional('feedsReservedConcurrency', 100_000),
    articlesReservedConcurrency: optional('articlesReservedConcurrency', 100_000),
    tableMaxReadRequestUnits: optional('tableMaxReadRequestUnits', 40_000_000),
    tableMaxWriteRequestUnits: optional('tableMaxWriteRequestUnits', 40_000_000),
  };
  return {
    stage,
    backup,
    backstops,
    originSecretVersionId,
    edge: { rateLimits, monthlyBudgetUsd },
    publicBaseUrl,
    customDomain,
    originShieldRegion: text(node, 'originShieldRegion'),
    alarmTopicArn,
    alarmEmail,
    tableName,
    environment,
  };
}

function readCopyRegion(node: Node, stage: StageName): string | undefined {
  const region = text(node, 'backupCopyRegion');
  if (region === undefined) {
    if (stage === 'prod')
      throw new SettingsError(
        'Context "backupCopyRegion" is required for stage prod: a second region for backup copies (e.g. eu-central-1), or "none" to go without',
      );
    return undefined;
  }
  if (region === 'none') return undefined;
  if (!REGION.test(region)) {
    throw new SettingsError(`Context "backupCopyRegion" must be an AWS region or "none"; got "${region}"`);
  }
  return region;
}

function readCustomDomain(node: Node): CustomDomain | undefined {
  const domainName = text(node, 'domainName')?.toLowerCase();
  const certificateArn = text(node, 'certificateArn');
  if (!domainName && !certificateArn) return undefined;
  if (!domainName || !certificateArn) {
    throw new SettingsError('Context "domainName" and "certificateArn" go together: set both or neither');
  }
  if (!HOST_NAME.test(domainName)) {
    throw new SettingsError(`Context "domainName" must be a host name; got "${domainName}"`);
  }
  if (!CLOUDFRONT_CERTIFICATE.test(certificateArn)) {
    throw new SettingsError(
      `Context "certificateArn" must be an ACM certificate in us-east-1 (CloudFront uses no other region); got "${certificateArn}"`,
    );
  }
  return { domainName, certificateArn };
}

/** Context `key` as a whole number within `range`, or `fallback` when unset. */
function whole(node: Node, key: string, fallback: number, range: { min: number; max: number }): number {
  const value = text(node, key);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < range.min || number > range.max) {
    throw new SettingsError(
      `Context "${key}" must be a whole number from ${range.min} to ${range.max}; got "${value}"`,
    );
  }
  return number;
}

/** A context value as text; unset and empty (`-c key=`) both mean "not set". */
function text(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

function isStage(value: string): value is StageName {
  return (STAGES as readonly string[]).includes(value);
}
