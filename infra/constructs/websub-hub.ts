import { Duration, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  type Distribution,
  type IOrigin,
  type IResponseHeadersPolicy,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS, type MetricName } from '../../lib/observability/metric-names';
import { WEBSUB_PREFIX } from '../../lib/store/keys';
import { ApiFunction } from './api-function';
import type { ApiRoute } from './feeds-api';
import type { Monitoring } from './monitoring';

/** The hub's entry files, relative to the repository root. */
export const WEBSUB_HUB_ENTRY = 'functions/websub-hub.ts';
export const WEBSUB_WORKER_ENTRY = 'functions/websub-worker.ts';
/** Where subscribers send hub.* requests (lib/http/websub-app.ts). */
export const WEBSUB_PATH = '/websub';

/** What the worker writes: its own items only (`WEBSUB#…`), as single-item writes. */
export const WEBSUB_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

export interface WebSubHubProps {
  /** The articles table, where subscriptions, topic changes and dead letters live. */
  readonly table: ITable;
  /** The feeds' settings (PUBLIC_BASE_URL, site): deliveries are the feeds as served. */
  readonly environment: Record<string, string>;
  /**
   * Deliveries a worker instance makes at once is 10 per batch; this caps instances, so
   * a burst to 10,000 subscribers stays polite to the table and to subscribers' hosts.
   * @default 10
   */
  readonly maxConcurrency?: number;
}

/**
 * The WebSub hub on AWS (docs/websub.md): a hub function behind `POST /websub` (and the
 * admin listing), SQS queues for verifications and deliveries with dead-letter queues,
 * a worker function that consumes both with partial batch failures, and a per-minute
 * EventBridge rule that catches scheduled articles coming due and any topic change whose
 * nudge was lost. Leases expire by the table's TTL (ArticlesTable).
 */
export class WebSubHub extends Construct {
  public readonly hub: ApiFunction;
  public readonly worker: ApiFunction;
  public readonly verifyQueue: Queue;
  public readonly deliveryQueue: Queue;
  public readonly verifyDeadLetters: Queue;
  public readonly deliveryDeadLetters: Queue;
  /** For FeedsApi: `/websub` and the admin route, to the hub function. */
  public readonly routes: ApiRoute[];

  constructor(scope: Construct, id: string, props: WebSubHubProps) {
    super(scope, id);
    const workerTimeout = Duration.seconds(60);
    const queue = (name: string) => {
      const deadLetters = new Queue(this, `${name}DeadLetters`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      Validations.of(deadLetters).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This is itself a dead-letter queue (of the WebSub verification or delivery queue): nothing redrives from it ' +
          'automatically, and an alarm fires on its first message.',
      });
      const main = new Queue(this, `${name}Queue`, {
        // Lambda's advice for SQS event sources: at least six times the function's timeout.
        visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // A failed attempt is re-queued as a new message by the worker (its backoff); a
        // message that keeps *throwing* (the table down, a bug) lands here after 5 tries.
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
      });
      return [main, deadLetters] as const;
    };
    [this.verifyQueue, this.verifyDeadLetters] = queue('Verify');
    [this.deliveryQueue, this.deliveryDeadLetters] = queue('Delivery');

    const environment = {
      ...props.environment,
      // On AWS callbacks must resolve to public addresses (lib/websub/address-safety.ts).
      WEBSUB_PRIVATE_CALLBACKS: 'deny',
      WEBSUB_VERIFY_QUEUE_URL: this.verifyQueue.queueUrl,
      WEBSUB_DELIVERY_QUEUE_URL: this.deliveryQueue.queueUrl,
    };
    this.hub = new ApiFunction(this, 'Hub', {
      entry: WEBSUB_HUB_ENTRY,
      table: props.table,
      // Checks that a topic is one of our feeds and lists subscriptions: reads only.
      tableAccess: 'read',
      environment,
      memorySize: 512,
      timeout: Duration.seconds(10),
    });
    this.verifyQueue.grantSendMessages(this.hub.function);

    this.worker = new ApiFunction(this, 'Worker', {
      entry: WEBSUB_WORKER_ENTRY,
      table: props.table,
      tableAccess: 'read',
      environment,
      // Renders feeds (CPU) and waits on subscribers (10 s timeout each, 10 at once).
      memorySize: 1024,
      timeout: workerTimeout,
    });
    // Writes only its own items, whatever the partition key: IAM checks the key's prefix.
    Grant.addToPrincipal({
      grantee: this.worker.function,
      actions: [...WEBSUB_WRITE_ACTIONS],
      resourceArns: [props.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${WEBSUB_PREFIX}*`] } },
    });
    for (const q of [this.verifyQueue, this.deliveryQueue]) {
      q.grantSendMessages(this.worker.function);
      this.worker.function.addEventSource(
        new SqsEventSource(q, {
          batchSize: 10,
          reportBatchItemFailures: true,
          maxConcurrency: props.maxConcurrency ?? 10,
        }),
      );
    }
    new Rule(this, 'EveryMinute', {
      description: 'wirefeed WebSub: scheduled articles coming due, and topic changes whose nudge was lost',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.worker.function, { retryAttempts: 2 })],
    });

    const authentication =
      'WebSub (W3C): subscribers are anonymous by design; the hub verifies intent at the callback before ' +
      'anything is stored, rate-limits per client and only reads the table. The admin listing checks an API key ' +
      'with the keys:admin scope before it reads anything.';
    this.routes = [
      {
        name: 'WebSubHub',
        path: WEBSUB_PATH,
        handler: this.hub.function,
        rateLimit: 10,
        burstLimit: 20,
        authentication,
      },
      {
        name: 'WebSubAdmin',
        path: '/api/websub/{proxy+}',
        handler: this.hub.function,
        rateLimit: 5,
        burstLimit: 10,
        authentication,
      },
    ];
  }

  /** The article writer nudges the worker after each write (lib/websub/kick-after-writes.ts). */
  connectWriter(writer: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    writer.addEnvironment('WEBSUB_VERIFY_QUEUE_URL', this.verifyQueue.queueUrl);
    writer.addEnvironment('WEBSUB_DELIVERY_QUEUE_URL', this.deliveryQueue.queueUrl);
    this.deliveryQueue.grantSendMessages(writer);
  }

  /**
   * `/websub` past CloudFront's cache, to `origin`: the write API's uncached origin
   * (FeedsCdn.uncachedOrigin), so whatever that origin carries applies here too. The
   * admin route rides the write API's `/api/*`.
   */
  addCdnBehavior(
    distribution: Distribution,
    origin: IOrigin,
    responseHeadersPolicy?: IResponseHeadersPolicy,
  ): void {
    distribution.addBehavior(WEBSUB_PATH, origin, {
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: new OriginRequestPolicy(this, 'OriginRequests', {
        comment: 'wirefeed WebSub hub: the form and who sent it (for per-client rate limits)',
        headerBehavior: OriginRequestHeaderBehavior.allowList('Content-Type', 'CloudFront-Viewer-Address'),
        queryStringBehavior: OriginRequestQueryStringBehavior.none(),
      }),
      allowedMethods: AllowedMethods.ALLOW_ALL,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      responseHeadersPolicy,
    });
  }

  /** Dead letters in either queue, and deliveries given up after 24 hours. */
  addAlarms(monitoring: Monitoring): void {
    monitoring.alarmOnDeadLetterQueue(
      'WebSubVerifyDeadLetters',
      this.verifyDeadLetters,
      'WebSub verifications',
    );
    monitoring.alarmOnDeadLetterQueue(
      'WebSubDeliveryDeadLetters',
      this.deliveryDeadLetters,
      'WebSub deliveries',
    );
    const metric = (name: MetricName) => monitoring.appMetric(name, { period: Duration.minutes(15) });
    monitoring.addAlarm('WebSubDeliveriesGivenUp', {
      description:
        'A WebSub delivery failed for 24 hours and was given up (a dead letter in the table: GET /api/websub/subscriptions).',
      metric: metric(METRICS.webSubDeadLetters),
      threshold: 1,
    });
    monitoring.addAlarm('WebSubDeliveryFailures', {
      description:
        'Many WebSub delivery attempts failed in 15 minutes: subscribers down, or the hub cannot reach them.',
      metric: metric(METRICS.webSubDeliveryFailures),
      threshold: 100,
    });
  }
}
