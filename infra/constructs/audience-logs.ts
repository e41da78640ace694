import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  type Distribution,
  type IOrigin,
  type IResponseHeadersPolicy,
  OriginRequestPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Grant, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  EventType,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AUDIENCE_PREFIX, READER_SALT_PARTITION } from '../../lib/store/keys';
import { ApiFunction } from './api-function';
import type { ApiRoute } from './feeds-api';
import { CLOUDFRONT_LOG_PREFIX } from './feeds-cdn';
import type { Monitoring } from './monitoring';

/** The log processor's entry file, relative to the repository root. */
export const AUDIENCE_LOGS_ENTRY = 'functions/audience-logs.ts';
/** The daily folding of finished days (lib/audience/day-folding.ts). */
export const AUDIENCE_FOLD_ENTRY = 'functions/audience-fold.ts';
/** Where the admin page lives (lib/http/admin-app.ts). */
export const ADMIN_PATH = '/admin';

/** What the processor writes: its batch items (conditional PutItem) and the daily salts (and their deletion). */
export const AUDIENCE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:DeleteItem'] as const;

export interface AudienceLogsProps {
  /** The articles table, where the daily figures and salts live. */
  readonly table: ITable;
  /** The feeds' settings (lib/config.ts reads them in every function). */
  readonly environment: Record<string, string>;
  /**
   * Days raw logs (with readers' addresses and User-Agents) are kept before S3 deletes them.
   * @default 7
   */
  readonly retentionDays?: number;
}

/**
 * Every feed request counted, CloudFront's cached answers included (docs/infra.md
 * "Audience"): CloudFront delivers its standard logs to a bucket that keeps them a week;
 * each new object's S3 notification goes to an SQS queue (with a dead-letter queue) that a
 * processor function consumes, adding each log file to the daily figures exactly once
 * (lib/audience/log-processor.ts). Also the admin page's way in: its API routes and its
 * uncached CloudFront behavior (cookies forwarded).
 */
export class AudienceLogs extends Construct {
  public readonly bucket: Bucket;
  public readonly queue: Queue;
  public readonly deadLetters: Queue;
  public readonly processor: ApiFunction;
  /** Folds each finished day's batch items into one item per feed, daily. */
  public readonly folder: ApiFunction;
  public readonly foldRule: Rule;

  constructor(scope: Construct, id: string, props: AudienceLogsProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 7;
    if (!Number.isInteger(retentionDays) || retentionDays < 2) {
      throw new Error(
        `AudienceLogs ${id}: retentionDays must be a whole number of days, at least 2 (late logs arrive up to a day later)`,
      );
    }
    this.bucket = new Bucket(this, 'Bucket', {
      // CloudFront's standard logging writes with an ACL granting its log-delivery account,
      // so ACLs must be enabled; the bucket owner still owns every object.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [
        {
          id: 'ExpireRawLogs',
          expiration: Duration.days(retentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket holds access logs (CloudFront standard logs) that expire after a week; logging access to it ' +
        'would need yet another bucket of logs for objects only CloudFront writes and the processor reads.',
    });

    const processorTimeout = Duration.minutes(2);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This is itself the dead-letter queue of the log queue: an alarm fires on its first message, and redriving ' +
        'is safe because a log file never counts twice.',
    });
    this.queue = new Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(processorTimeout.toSeconds() * 6),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });
    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), {
      prefix: CLOUDFRONT_LOG_PREFIX,
    });

    this.processor = new ApiFunction(this, 'Processor', {
      entry: AUDIENCE_LOGS_ENTRY,
      table: props.table,
      tableAccess: 'read',
      environment: props.environment,
      // A log file of a busy hour is a few MB of gzip: parsed as a stream, figures kept
      // per feed and day, so memory stays small; 512 MB buys the CPU for gunzip and HMACs.
      memorySize: 512,
      timeout: processorTimeout,
    });
    Grant.addToPrincipal({
      grantee: this.processor.function,
      actions: [...AUDIENCE_WRITE_ACTIONS],
      resourceArns: [props.table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIENCE_PREFIX}*`, READER_SALT_PARTITION] },
      },
    });
    this.processor.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${CLOUDFRONT_LOG_PREFIX}*`)],
      }),
    );
    Validations.of(this.processor).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/${CLOUDFRONT_LOG_PREFIX}*]`,
      reason:
        "Read-only s3:GetObject on the log bucket's cloudfront/ prefix: every log object CloudFront delivers is " +
        'named by CloudFront, so the objects cannot be listed in advance.',
    });
    this.processor.function.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 5 }),
    );

    // A log file is a batch item per day and feed: ~75,000 a day at scale. Once no file
    // can still arrive for a day, its items are folded into one per feed (docs/data-model.md).
    this.folder = new ApiFunction(this, 'Folder', {
      entry: AUDIENCE_FOLD_ENTRY,
      table: props.table,
      tableAccess: 'read',
      tableKeys: [`${AUDIENCE_PREFIX}*`],
      environment: props.environment,
      // A day's items are read, merged per feed and deleted 16 at a time: minutes at most.
      memorySize: 512,
      timeout: Duration.minutes(10),
    });
    Grant.addToPrincipal({
      grantee: this.folder.function,
      actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      resourceArns: [props.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIENCE_PREFIX}*`] } },
    });
    this.foldRule = new Rule(this, 'FoldSchedule', {
      description:
        "Folds finished days' audience batches into one item per feed (functions/audience-fold.ts)",
      schedule: Schedule.cron({ minute: '30', hour: '3' }),
      // A failed run leaves every figure readable; the next day's run folds what is left.
      targets: [new LambdaFunction(this.folder.function, { retryAttempts: 2 })],
    });

    // The bucket notification is configured by CDK's singleton custom-resource function.
    const notifications = Stack.of(this).node.tryFindChild(
      'BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
    );
    if (notifications) {
      Validations.of(notifications).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'CDK’s bucket-notification handler (a deploy-time custom resource) uses the AWS managed basic execution role.',
      });
    }
  }

  /** For FeedsApi: `/admin` and below, to the write API's function (lib/http/admin-app.ts). */
  adminRoutes(handler: IFunction): ApiRoute[] {
    const authentication =
      'The admin page authenticates itself: a sign-in form checks an API key with the keys:admin scope, then a ' +
      'session cookie (HttpOnly, Secure, SameSite=Strict; only its hash stored) is checked on every request; ' +
      'the sign-in page and its static files are public on purpose.';
    return [
      { name: 'Admin', path: ADMIN_PATH, handler, rateLimit: 5, burstLimit: 10, authentication },
      {
        name: 'AdminPages',
        path: `${ADMIN_PATH}/{proxy+}`,
        handler,
        rateLimit: 5,
        burstLimit: 20,
        authentication,
      },
    ];
  }

  /** `/admin*` past CloudFront's cache to the API, with cookies (the session) and the form. */
  addCdnBehavior(
    distribution: Distribution,
    origin: IOrigin,
    responseHeadersPolicy?: IResponseHeadersPolicy,
  ): void {
    distribution.addBehavior(`${ADMIN_PATH}*`, origin, {
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // Not a redirect: the sign-in form carries the admin key.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      responseHeadersPolicy,
    });
  }

  /** The dead-letter queue's first message; the processor's errors come with Monitoring's per-function alarms. */
  addAlarms(monitoring: Monitoring): void {
    monitoring.alarmOnDeadLetterQueue('AudienceLogsDeadLetters', this.deadLetters, 'CloudFront log files');
  }
}
