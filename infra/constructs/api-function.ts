import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { nodejsBundling } from './bundling';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type TableAccess = 'read' | 'read-write';

/**
 * The DynamoDB actions each access level allows: exactly what lib/store sends, on the
 * table only. Reads are `GetItem` and `Query` (every access pattern is a key lookup or
 * a pk/sk query, docs/data-model.md); writes add the three single-item writes the
 * store's conditional write sequence uses. Not `grantReadData` / `grantReadWriteData`:
 * those also allow `Scan`, the batch and transaction actions, `ConditionCheckItem`,
 * `DescribeTable` and the stream reads, none of which the code calls.
 */
export const TABLE_ACTIONS: Record<TableAccess, readonly string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  'read-write': [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
};

/**
 * What `counterPrefix` allows beyond `tableAccess`: the one write lib/store's counters
 * send (`UpdateItem … ADD requests :one`, lib/store/dynamo-partner-usage.ts), which
 * creates the item when it is missing, so no PutItem.
 */
export const COUNTER_ACTIONS: readonly string[] = ['dynamodb:UpdateItem'];

export interface ApiFunctionProps {
  /** The entry file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** The articles table; its name reaches the function as TABLE_NAME. */
  readonly table: ITable;
  /**
   * What the function may do to the table. Readers (the feeds) keep the default;
   * only the write API's functions ask for `read-write`.
   * @default 'read'
   */
  readonly tableAccess?: TableAccess;
  /**
   * Lets the function also update counters: `COUNTER_ACTIONS` on items whose partition
   * key starts with this prefix (e.g. lib/store/keys.ts `PARTNER_USAGE_PREFIX`), in a
   * statement of its own conditioned on `dynamodb:LeadingKeys`, and on no other item.
   * @default - no writes beyond what `tableAccess` allows
   */
  readonly counterPrefix?: string;
  /**
   * Narrows `tableAccess` to items whose partition key matches one of these IAM
   * `StringLike` patterns (`FEED#*` a prefix, `SCOPES` one partition), with a
   * `dynamodb:LeadingKeys` condition: e.g. lib/store/keys.ts `FEEDS_READ_KEYS`.
   * @default - the whole table
   */
  readonly tableKeys?: readonly string[];
  /** More environment, named as lib/config.ts reads it. @default {} */
  readonly environment?: Record<string, string>;
  /** Chosen per function, with the reason next to the choice. */
  readonly memorySize: number;
  /** Chosen per function, with the reason next to the choice. */
  readonly timeout: Duration;
  /**
   * Files the function reads at run time, copied beside its bundle: `{ dir, files }`
   * puts each file (repository-relative) into `<bundle>/<dir>/`.
   * @default - none
   */
  readonly extraFiles?: { readonly dir: string; readonly files: readonly string[] };
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /**
   * Most instances at once, taken from the account's regional pool (a backstop on what a
   * flood can run up; docs/infra.md "Backstops"). @default - none: the account's pool
   */
  readonly reservedConcurrency?: number;
}

/**
 * A wirefeed Lambda function: bundled by the local esbuild (no Docker) with the shared
 * options, Node.js 22 on Graviton (arm64: 20% less per GB-second than x86_64), JSON
 * logs in its own log group, and a role that can write those logs and reach the table,
 * nothing else.
 */
export class ApiFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    if (
      props.tableKeys !== undefined &&
      (props.tableKeys.length === 0 || props.tableKeys.some((k) => k === '*' || k === ''))
    ) {
      throw new Error(`ApiFunction ${id}: tableKeys must list key patterns, none empty or "*"`);
    }
    if (props.counterPrefix !== undefined && !/^[^*?]+$/.test(props.counterPrefix)) {
      throw new Error(
        `ApiFunction ${id}: counterPrefix must be a non-empty key prefix without * or ?; got "${props.counterPrefix}"`,
      );
    }
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole, which may create log groups
    // and write to any of them: this one writes to its own log group only.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      bundling: props.extraFiles ? withExtraFiles(nodejsBundling(), props.extraFiles) : nodejsBundling(),
      environment: {
        ...props.environment,
        TABLE_NAME: props.table.tableName,
        // Stack traces point into functions/ and lib/, not into the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is deliberate: it is the Node.js line the project builds for (esbuild target node22) and is ' +
        'supported by Lambda; moving to a newer runtime is an upgrade we make and test on purpose, not by default.',
    });
    // No KMS statement: the table is encrypted with the AWS managed key (ArticlesTable),
    // whose key policy already lets DynamoDB use it on behalf of the account's principals.
    const tableActions = TABLE_ACTIONS[props.tableAccess ?? 'read'];
    if (props.tableKeys === undefined) props.table.grant(this.function, ...tableActions);
    // GetItem, Query and the single-item writes always name one partition key, so
    // `ForAllValues` (which an empty set would pass) always has a key to check.
    else
      Grant.addToPrincipal({
        grantee: this.function,
        actions: [...tableActions],
        resourceArns: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...props.tableKeys] } },
      });
    if (props.counterPrefix !== undefined) {
      // IAM evaluates `dynamodb:LeadingKeys` against the partition key of the item
      // written. `ForAllValues` would also pass a request with no key at all (an empty
      // set), but UpdateItem always names one item, so the prefix always applies.
      Grant.addToPrincipal({
        grantee: this.function,
        actions: [...COUNTER_ACTIONS],
        resourceArns: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${props.counterPrefix}*`] },
        },
      });
    }
  }
}

/** The bundling options plus an after-bundling step that copies `extra.files` into `extra.dir`. */
function withExtraFiles(
  bundling: BundlingOptions,
  extra: NonNullable<ApiFunctionProps['extraFiles']>,
): BundlingOptions {
  if (!/^[\w-]+$/.test(extra.dir))
    throw new Error(`extraFiles.dir must be one plain folder name; got "${extra.dir}"`);
  return {
    ...bundling,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [
        `mkdir -p "${outputDir}/${extra.dir}"`,
        ...extra.files.map((file) => `cp "${inputDir}/${file}" "${outputDir}/${extra.dir}/"`),
      ],
    },
  };
}
