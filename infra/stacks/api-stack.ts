import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ADMIN_ASSET_DIR, ADMIN_ASSET_FILES } from '../../lib/admin/admin-assets';
import { FEEDS_READ_KEYS, PARTNER_USAGE_PREFIX } from '../../lib/store/keys';
import { addApiClientAlarms } from '../constructs/api-client-alarms';
import { ApiFunction } from '../constructs/api-function';
import { AudienceLogs } from '../constructs/audience-logs';
import { FeedsApi } from '../constructs/feeds-api';
import { FeedsCdn } from '../constructs/feeds-cdn';
import { Monitoring } from '../constructs/monitoring';
import { OriginSecret } from '../constructs/origin-secret';
import { PendingRepair } from '../constructs/pending-repair';
import { SourcePoller } from '../constructs/source-poller';
import { WebSubHub } from '../constructs/websub-hub';
import type { Settings } from '../settings';

/** The feeds function's entry file, relative to the repository root. */
export const FEEDS_ENTRY = 'functions/feeds.ts';
/** The write API's entry file (articles and API keys), relative to the repository root. */
export const ARTICLES_ENTRY = 'functions/articles.ts';
/** Where the write API lives: its Hono app's `basePath` (lib/http/articles-app.ts). */
export const WRITE_API_PATH = '/api';
/**
 * The embed widget's paths (lib/http/embed-app.ts): `/embed.js`, `/embed/v/{hash}.js` and
 * `/embed/{scope}`. One pattern covers the three; no feed path starts with `/embed`.
 */
export const EMBED_PATH_PATTERN = '/embed*';
/**
 * A feed is one or two DynamoDB queries and a render: milliseconds. 10 s leaves room
 * for the SDK's retries with backoff (each attempt limited, lib/store/client.ts
 * AWS_TIMEOUTS) and still fails well inside the HTTP API's 30 s integration limit and
 * CloudFront's 30 s origin timeout, so the caller gets our 5xx rather than a gateway timeout.
 */
export const FEEDS_TIMEOUT = Duration.seconds(10);

export interface ApiStackProps extends StackProps {
  /** The articles table, from the data stack. */
  readonly table: ITable;
  readonly settings: Settings;
  /**
   * The web ACL in front of the distribution (the us-east-1 edge stack's).
   * @default - none
   */
  readonly webAclArn?: string;
}

/** Everything stateless that serves the feeds and the write API; safe to destroy and redeploy. */
export class ApiStack extends Stack {
  /**
   * Alarms, their SNS topic and the dashboard. A construct added to this stack registers
   * its alarms here (`monitoring.addAlarm`, `monitoring.alarmOnDeadLetterQueue`), so
   * that they notify the topic like every other.
   */
  public readonly monitoring: Monitoring;
  /** The CDN; its distribution's metrics are watched from us-east-1 (EdgeMonitoringStack). */
  public readonly cdn: FeedsCdn;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const feeds = new ApiFunction(this, 'Feeds', {
      entry: FEEDS_ENTRY,
      table: props.table,
      tableAccess: 'read',
      // Feed entries, heads and API keys only: no drafts, pending markers, sessions…
      tableKeys: FEEDS_READ_KEYS,
      // Partner requests are counted (lib/store/dynamo-partner-usage.ts): the one write
      // the feeds make, allowed on the counters' items and on nothing else.
      counterPrefix: PARTNER_USAGE_PREFIX,
      environment: settings.environment,
      // 1024 MB buys ~0.6 vCPU. Behind CloudFront and Origin Shield the function runs
      // rarely, so many invocations are cold starts, and loading the bundle (SDK
      // included) is CPU-bound: it gets faster with memory while the bill stays tiny
      // (arm64, tens of milliseconds per feed). Less memory would save nothing worth having.
      memorySize: 1024,
      timeout: FEEDS_TIMEOUT,
      reservedConcurrency: settings.backstops.feedsReservedConcurrency,
    });
    const articles = new ApiFunction(this, 'Articles', {
      entry: ARTICLES_ENTRY,
      table: props.table,
      tableAccess: 'read-write',
      // The same settings as the feeds: Location headers and `next` links are built from
      // PUBLIC_BASE_URL, and the OpenAPI document names the site.
      environment: settings.environment,
      // 1024 MB for the feeds' reasons, and more so: the bundle is larger (sanitize-html
      // and its parsers), and sanitizing a request body of up to 256 KB is CPU-bound.
      // A write's DynamoDB round trips do not get faster with memory, but they are few:
      // an article in a handful of feeds is ten to twenty item writes, mostly in
      // parallel, in four sequential steps (docs/data-model.md). A
      // 2,000-article import at concurrency 4 keeps four instances warm for minutes: at
      // ~200 ms an article that is ~400 GB-seconds, under a cent on arm64.
      memorySize: 1024,
      // A write is tens to hundreds of milliseconds. 15 s, not the feeds' 10: several of
      // those sequential item writes may each sit through the SDK's retries with backoff
      // when the table throttles, and the limit still ends inside the 30 s of the HTTP API
      // and CloudFront. A write cut short is safe: its PENDING marker makes the next
      // write of the article (the importer retries 5xx) finish the job.
      timeout: Duration.seconds(15),
      reservedConcurrency: settings.backstops.articlesReservedConcurrency,
      // The admin page's uPlot and chart code, served by this function (lib/http/admin-app.ts).
      extraFiles: { dir: ADMIN_ASSET_DIR, files: ADMIN_ASSET_FILES },
    });
    // Audience (docs/infra.md): CloudFront's logs counted by a processor; the admin page.
    const audience = new AudienceLogs(this, 'Audience', {
      table: props.table,
      environment: settings.environment,
    });
    // WebSub (docs/websub.md): its own functions, queues and alarms; the writer nudges it.
    const websub = new WebSubHub(this, 'WebSub', { table: props.table, environment: settings.environment });
    websub.connectWriter(articles.function);
    // Followed sources (wirefeed follow): polled every minute, state in the table.
    new SourcePoller(this, 'Sources', { table: props.table, environment: settings.environment });
    // Interrupted article writes finished every 5 minutes (docs/infra.md).
    const repair = new PendingRepair(this, 'PendingWrites', {
      table: props.table,
      environment: settings.environment,
    });
    // No way around CloudFront: every function the HTTP API invokes checks its secret header.
    const originSecret = new OriginSecret(this, 'OriginSecret', {
      versionId: settings.originSecretVersionId,
    });
    originSecret.protect(feeds.function, articles.function, websub.hub.function);
    const api = new FeedsApi(this, 'Api', {
      handler: feeds.function,
      routes: [
        ...websub.routes,
        ...audience.adminRoutes(articles.function),
        {
          name: 'Articles',
          path: `${WRITE_API_PATH}/{proxy+}`,
          handler: articles.function,
          // Below the feeds' 50/100: nothing here is cached, and a write costs ~65 WCU
          // (an article in eight feeds, docs/data-model.md). A 2,000-article import at
          // concurrency 4 (four requests in flight, a few hundred ms each) stays around
          // or under 20 a second and takes a few minutes; past the limit API Gateway
          // answers 429, which the importer retries with backoff. The burst of 40 lets a
          // newsroom's editors save at once. The cap bounds what a leaked key or a
          // runaway script can write and spend.
          rateLimit: 20,
          burstLimit: 40,
          authentication:
            'The write API authenticates every request itself: the articles function checks the ' +
            '"Authorization: Bearer <key>" API key (stored hashed, revocable, scoped: articles:read, ' +
            'articles:write, keys:admin) before it touches any data, and answers 401/403 otherwise. ' +
            'No Cognito or IAM authorizer, by design: publishers and importers hold API keys, not AWS ' +
            'identities, and GET /api/openapi.json is public on purpose.',
        },
      ],
    });
    const cdn = new FeedsCdn(this, 'Cdn', {
      webAclArn: props.webAclArn,
      originDomainName: api.domainName,
      originShieldRegion: settings.originShieldRegion,
      customDomain: settings.customDomain,
      writeApiPathPattern: `${WRITE_API_PATH}/*`,
      embedPathPattern: EMBED_PATH_PATTERN,
      logBucket: audience.bucket,
      originHeaders: originSecret.originHeaders,
    });
    this.cdn = cdn;
    const publicBaseUrl = settings.publicBaseUrl ?? this.distributionAddress(cdn);
    this.monitoring = new Monitoring(this, 'Monitoring', {
      api: api.api,
      functions: {
        Feeds: feeds.function,
        Articles: articles.function,
        WebSubHub: websub.hub.function,
        WebSubWorker: websub.worker.function,
        AudienceLogs: audience.processor.function,
        AudienceFold: audience.folder.function,
      },
      table: props.table,
      distribution: cdn.distribution,
      dashboardName: `wirefeed-${settings.stage}`,
      alarmTopic: settings.alarmTopicArn
        ? Topic.fromTopicArn(this, 'AlarmTopic', settings.alarmTopicArn)
        : undefined,
      // A given topic's subscriptions are its owner's; the email still reaches us-east-1's.
      alarmEmail: settings.alarmTopicArn ? undefined : settings.alarmEmail,
    });
    if (cdn.uncachedOrigin) {
      websub.addCdnBehavior(cdn.distribution, cdn.uncachedOrigin, cdn.responseHeadersPolicy);
      audience.addCdnBehavior(cdn.distribution, cdn.uncachedOrigin, cdn.responseHeadersPolicy);
    }
    websub.addAlarms(this.monitoring);
    audience.addAlarms(this.monitoring);
    repair.addAlarms(this.monitoring);
    addApiClientAlarms(this.monitoring, api);

    new CfnOutput(this, 'FeedsUrl', {
      description: "The distribution's own address (the write API is this + /api)",
      value: `https://${cdn.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'DistributionId', {
      description: 'For invalidations and for the CloudFront metrics and alarms in us-east-1',
      value: cdn.distribution.distributionId,
    });
    new CfnOutput(this, 'OriginSecretArn', {
      description: 'The x-origin-verify secret CloudFront sends the functions (docs/infra.md: rotating it)',
      value: originSecret.secret.secretArn,
    });
    new CfnOutput(this, 'PublicBaseUrl', {
      description: 'What the feeds use in their self links',
      value: publicBaseUrl,
    });
  }

  /**
   * Self links name the public address (PUBLIC_BASE_URL). When context names none, it is
   * the distribution's own, `https://dxxxx.cloudfront.net`, which CloudFormation resolves
   * in the same deploy: every function gets it in its environment, so one
   * `cdk deploy --all` is enough and no request's Host header is ever trusted. No cycle:
   * the distribution's origin refers to the HTTP API resource only (its id), never to the
   * routes and integrations that refer to the functions; the functions are created after
   * the distribution instead (tests/infra/public-base-url.test.ts checks the template).
   */
  private distributionAddress(cdn: FeedsCdn): string {
    const address = `https://${cdn.distribution.distributionDomainName}`;
    for (const construct of this.node.findAll()) {
      if (construct instanceof ApiFunction) construct.function.addEnvironment('PUBLIC_BASE_URL', address);
    }
    return address;
  }
}
