import { readFileSync } from 'node:fs';
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { VIEW_VARIANT_SOURCE } from '../../infra/constructs/feeds-cdn';
import { EMBED_QUERY_PARAMETERS } from '../../lib/embed/embed-options';
import { FEEDS_READ_KEYS, PARTNER_USAGE_PREFIX } from '../../lib/store/keys';
import { testApp } from './support/app';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:wirefeed-alarms';
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:TransactWriteItems',
];

/** AWS managed CloudFront policies, by the IDs CloudFront gives them in every account. */
const MANAGED_POLICY = {
  /** Managed-CachingDisabled: TTLs 0, nothing in the cache key. */
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  /** Managed-AllViewerExceptHostHeader: every viewer header but Host, all cookies and query strings. */
  allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
};

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
}
type Resources = Record<string, Resource>;
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The logical ID and resource of an `ApiFunction`'s Lambda function, by construct ID. */
function lambdaFunction(
  template: Template,
  name: 'Feeds' | 'Articles' | 'WebSubHub' | 'WebSubWorker',
): [string, Resource] {
  const found = Object.entries(template.findResources('AWS::Lambda::Function') as Resources).filter(([id]) =>
    id.startsWith(`${name}Function`),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** What a function's role may do: its inline policies' statements and their actions. */
function permissions(template: Template, name: 'Feeds' | 'Articles') {
  const [, fn] = lambdaFunction(template, name);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const role = template.findResources('AWS::IAM::Role')[roleId]!;
  const policies = Object.values(template.findResources('AWS::IAM::Policy') as Resources).filter((policy) =>
    JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`),
  );
  const statements = policies.flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
  const actions = statements.flatMap((statement) => [statement.Action].flat());
  return { role, statements, actions };
}

interface Origin {
  Id: string;
  DomainName: unknown;
  CustomOriginConfig: Record<string, unknown>;
  OriginShield?: { Enabled: boolean; OriginShieldRegion: string };
}
interface Behavior {
  PathPattern?: string;
  TargetOriginId: string;
  [property: string]: unknown;
}

function distributionConfig(template: Template) {
  const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution') as Resources);
  const config = distribution!.Properties.DistributionConfig as {
    DefaultCacheBehavior: Behavior;
    CacheBehaviors?: Behavior[];
    Origins: Origin[];
  };
  const origin = (behavior: Behavior) => config.Origins.find(({ Id }) => Id === behavior.TargetOriginId);
  return { ...config, origin };
}

describe('ApiStack', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(testApp().api);
  });

  describe('feeds function', () => {
    it('runs functions/feeds.ts on nodejs22.x, arm64, with JSON logs and the chosen size', () => {
      // Feeds, articles, the WebSub hub and worker (tests/infra/websub-hub.test.ts), the
      // audience log processor and CDK's bucket-notification handler (tests/infra/audience-logs.test.ts),
      // the source poller (tests/infra/source-poller.test.ts), the scheduled repair of
      // interrupted writes (tests/infra/pending-repair.test.ts), the daily folding of audience
      // figures (tests/infra/audience-logs.test.ts).
      template.resourceCountIs('AWS::Lambda::Function', 9);
      expect(lambdaFunction(template, 'Feeds')[1].Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
        Timeout: 10,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
      });
    });

    it('gets its settings under the names lib/config.ts reads, and source-mapped stack traces', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: {
            TABLE_NAME: Match.anyValue(),
            // No base URL in context: the distribution's own (tests/infra/public-base-url.test.ts).
            PUBLIC_BASE_URL: {
              'Fn::Join': [
                '',
                ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdnDistribution'), 'DomainName'] }],
              ],
            },
            NODE_OPTIONS: '--enable-source-maps',
          },
        },
      });
    });

    it('keeps its logs, the articles function logs and the API access logs for 30 days', () => {
      template.resourceCountIs('AWS::Logs::LogGroup', 9);
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    it('may read feed entries, heads and API keys, update partner counters and nothing else there, and write its own logs', () => {
      const { role, statements, actions } = permissions(template, 'Feeds');
      const writes = statements.filter((statement) =>
        [statement.Action].flat().some((action) => WRITE_ACTIONS.includes(action)),
      );

      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
      expect(actions.filter((action) => action.startsWith('dynamodb:')).sort()).toEqual([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
      // The one write: UpdateItem, alone in its statement, only on PARTNER#… items.
      expect(writes).toHaveLength(1);
      expect(writes[0]).toMatchObject({
        Action: 'dynamodb:UpdateItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${PARTNER_USAGE_PREFIX}*`] } },
      });
      expect(JSON.stringify(writes[0]!.Resource)).toMatch(/ArticlesTable/);
      // Reads only on the partitions the feeds serve (FEEDS_READ_KEYS): no articles,
      // drafts, pending markers, sessions or sources; logs unconditioned; no write.
      const reads = statements.filter((statement) => JSON.stringify(statement.Action).includes('GetItem'));
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FEED#*', 'SCOPES', 'APIKEYS'] } },
      });
      expect(FEEDS_READ_KEYS).toEqual(['FEED#*', 'SCOPES', 'APIKEYS']);
      for (const statement of statements.filter((other) => other !== writes[0] && other !== reads[0])) {
        expect(statement.Condition).toBeUndefined();
        expect(JSON.stringify(statement.Action)).not.toMatch(/dynamodb:/);
      }
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.filter((action) => action.includes('*'))).toEqual([]);
      expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"|\/index\/|\/stream\//);
    });
  });

  describe('articles function', () => {
    it('runs functions/articles.ts on nodejs22.x, arm64, with JSON logs, 1024 MB and 15 s', () => {
      expect(lambdaFunction(template, 'Articles')[1].Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
        Timeout: 15,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
      });
    });

    it('gets exactly the settings the feeds function gets', () => {
      const environment = (name: 'Feeds' | 'Articles') =>
        lambdaFunction(template, name)[1].Properties.Environment;

      // Plus the WebSub queues, which it nudges after a write.
      const feeds = environment('Feeds') as { Variables: Record<string, unknown> };
      expect(environment('Articles')).toEqual({
        Variables: {
          ...feeds.Variables,
          WEBSUB_VERIFY_QUEUE_URL: expect.anything(),
          WEBSUB_DELIVERY_QUEUE_URL: expect.anything(),
        },
      });
    });

    it('may get, query, put, update and delete items of the table and write its own logs: no Scan, no batch, no admin', () => {
      const { role, statements, actions } = permissions(template, 'Articles');
      const tableStatements = statements.filter((statement) =>
        [statement.Action].flat().some((action) => action.startsWith('dynamodb:')),
      );

      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
      expect(actions.filter((action) => action.startsWith('dynamodb:')).sort()).toEqual([
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
      expect(actions.filter((action) => !action.startsWith('dynamodb:')).sort()).toEqual([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        // The origin secret, that one secret only (tests/infra/edge.test.ts).
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        // The WebSub nudge, on the delivery queue only (tests/infra/websub-hub.test.ts).
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ]);
      // The table's ARN and nothing under it (no index/*, no stream/*), no wildcard anywhere.
      expect(tableStatements).toHaveLength(1);
      expect(JSON.stringify(tableStatements[0]!.Resource)).toMatch(/ArticlesTable/);
      expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"|\/index\/|\/stream\//);
      expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    });
  });

  describe('HTTP API', () => {
    /** The logical ID of the function a route's integration invokes. */
    function routeTarget(routeKey: string): string {
      const [route] = Object.values(
        template.findResources('AWS::ApiGatewayV2::Route', {
          Properties: { RouteKey: routeKey },
        }) as Resources,
      );
      const join = (route!.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })[
        'Fn::Join'
      ];
      const integration = template.findResources('AWS::ApiGatewayV2::Integration')[join[1][1].Ref]!;
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
      return (integration.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    }

    it('throttles its one stage, the write routes lower than the feeds, and logs every request as JSON', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        RouteSettings: { 'ANY /api/{proxy+}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 } },
        AccessLogSettings: {
          DestinationArn: Match.anyValue(),
          Format: Match.stringLikeRegexp('"requestId"'),
        },
      });
    });

    it('sends every method under /api/ to the articles function and everything else to the feeds function', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Route', 6);
      expect(routeTarget('ANY /admin')).toBe(lambdaFunction(template, 'Articles')[0]);
      expect(routeTarget('ANY /admin/{proxy+}')).toBe(lambdaFunction(template, 'Articles')[0]);
      const hub = lambdaFunction(template, 'WebSubHub')[0];
      expect(routeTarget('ANY /websub')).toBe(hub);
      expect(routeTarget('ANY /api/websub/{proxy+}')).toBe(hub);

      expect(routeTarget('ANY /api/{proxy+}')).toBe(lambdaFunction(template, 'Articles')[0]);
      expect(routeTarget('$default')).toBe(lambdaFunction(template, 'Feeds')[0]);
    });

    it('creates the write route before the stage that throttles it (API Gateway rejects settings for unknown routes)', () => {
      const [routeId] = Object.keys(
        template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'ANY /api/{proxy+}' } }),
      );
      const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage') as Resources);

      expect(stage!.DependsOn).toContain(routeId);
    });
  });

  describe('CloudFront', () => {
    /** The cache policy a behavior uses, by the Ref the behavior holds. */
    function cachePolicyOf(behavior: Behavior) {
      const id = (behavior.CachePolicyId as { Ref: string }).Ref;
      return template.findResources('AWS::CloudFront::CachePolicy')[id]!.Properties
        .CachePolicyConfig as Record<string, unknown>;
    }

    it('keys the feeds cache on the path, the feed query parameters (token too), the view and Authorization, and honours the origin Cache-Control', () => {
      const config = distributionConfig(template);

      template.resourceCountIs('AWS::CloudFront::CachePolicy', 2);
      expect(cachePolicyOf(config.DefaultCacheBehavior)).toMatchObject({
        MinTTL: 0,
        DefaultTTL: 300,
        MaxTTL: 86_400,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: {
            QueryStringBehavior: 'whitelist',
            QueryStrings: ['limit', 'before', 'after', 'since', 'token'],
          },
          // Not Accept or Sec-Fetch-Dest: the view function reduces them to X-Wirefeed-View.
          // Authorization, so that partner requests reach the function with their key.
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization', 'X-Wirefeed-View'] },
          CookiesConfig: { CookieBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      });
    });

    it('runs infra/functions/view-variant.js, as it is, on cloudfront-js-2.0 at viewer request of the feeds behavior only', () => {
      const config = distributionConfig(template);
      const functions = Object.entries(template.findResources('AWS::CloudFront::Function') as Resources);
      expect(functions).toHaveLength(1);
      const [functionId, fn] = functions[0]!;

      expect(fn.Properties).toMatchObject({
        AutoPublish: true,
        FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
        FunctionCode: readFileSync(VIEW_VARIANT_SOURCE, 'utf8'),
      });
      expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
      ]);
      for (const behavior of config.CacheBehaviors ?? []) {
        expect(behavior.FunctionAssociations).toBeUndefined();
      }
    });

    it('serves /embed* (embed.js, its versions, the iframe pages) from the feeds origin, keyed on the page options only', () => {
      const config = distributionConfig(template);
      const embed = config.CacheBehaviors?.find(({ PathPattern }) => PathPattern === '/embed*');

      expect(embed).toMatchObject({
        Compress: true,
        AllowedMethods: ['GET', 'HEAD'],
        ViewerProtocolPolicy: 'redirect-to-https',
      });
      expect(embed!.TargetOriginId).toBe(config.DefaultCacheBehavior.TargetOriginId);
      expect(embed!.OriginRequestPolicyId).toBeUndefined();
      expect(cachePolicyOf(embed!)).toMatchObject({
        MinTTL: 0,
        DefaultTTL: 300,
        MaxTTL: 86_400,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: [...EMBED_QUERY_PARAMETERS] },
          HeadersConfig: { HeaderBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      });
    });

    it('compresses, serves GET/HEAD (and CORS preflights) over HTTPS, and goes through Origin Shield to the API', () => {
      const config = distributionConfig(template);

      expect(config.DefaultCacheBehavior).toMatchObject({
        CachePolicyId: { Ref: expect.stringMatching(/^CdnCachePolicy/) },
        Compress: true,
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        CachedMethods: ['GET', 'HEAD'],
        ViewerProtocolPolicy: 'redirect-to-https',
      });
      expect(config.origin(config.DefaultCacheBehavior)).toMatchObject({
        DomainName: {
          'Fn::Join': ['', expect.arrayContaining([{ Ref: expect.stringMatching(/^ApiHttp/) }])],
        },
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
        OriginShield: { Enabled: true, OriginShieldRegion: expect.anything() },
      });
    });

    it('passes /api/* through uncached: all methods, HTTPS only, every viewer header but Host', () => {
      const config = distributionConfig(template);
      const api = config.CacheBehaviors?.find(({ PathPattern }) => PathPattern === '/api/*');

      expect(config.CacheBehaviors?.map(({ PathPattern }) => PathPattern)).toEqual([
        '/api/*',
        '/embed*',
        '/websub',
        '/admin*',
      ]);
      expect(api).toMatchObject({
        CachePolicyId: MANAGED_POLICY.cachingDisabled,
        // With caching disabled, an origin request policy may forward Authorization; this
        // one forwards it with Content-Type, If-Match and the query string, but not Host.
        OriginRequestPolicyId: MANAGED_POLICY.allViewerExceptHostHeader,
        ViewerProtocolPolicy: 'https-only',
      });
      expect([...(api!.AllowedMethods as string[])].sort()).toEqual(
        ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'].sort(),
      );
    });

    it('sends /api/* to the same API host without Origin Shield: there are no cache misses to collapse', () => {
      const config = distributionConfig(template);
      const api = config.origin(config.CacheBehaviors!.find(({ PathPattern }) => PathPattern === '/api/*')!);
      const feeds = config.origin(config.DefaultCacheBehavior);

      expect(api).toBeDefined();
      expect(api!.Id).not.toBe(feeds!.Id);
      expect(api!.DomainName).toEqual(feeds!.DomainName);
      expect(api!.CustomOriginConfig).toEqual(feeds!.CustomOriginConfig);
      expect(api!.OriginShield?.Enabled ?? false).toBe(false);
    });

    it('serves a custom domain with its us-east-1 certificate, TLS 1.2+, and builds self links from it', () => {
      const custom = Template.fromStack(
        testApp({
          domainName: 'feeds.example.org',
          certificateArn: CERTIFICATE,
          originShieldRegion: 'eu-west-1',
        }).api,
      );

      custom.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: {
          Aliases: ['feeds.example.org'],
          ViewerCertificate: {
            AcmCertificateArn: CERTIFICATE,
            MinimumProtocolVersion: 'TLSv1.2_2021',
            SslSupportMethod: 'sni-only',
          },
          Origins: Match.arrayWith([
            Match.objectLike({ OriginShield: { Enabled: true, OriginShieldRegion: 'eu-west-1' } }),
          ]),
        },
      });
      // Every function of ours (CDK's bucket-notification handler is not one).
      const ours = Object.values(custom.findResources('AWS::Lambda::Function') as Resources).filter(
        (f) => f.Properties.Runtime === 'nodejs22.x',
      );
      expect(ours).toHaveLength(8);
      for (const f of ours) {
        expect(f.Properties).toMatchObject({
          Environment: {
            Variables: expect.objectContaining({ PUBLIC_BASE_URL: 'https://feeds.example.org' }),
          },
        });
      }
    });
  });

  describe('operations', () => {
    it("alarms on API 5xx, DynamoDB throttling, and each function's errors, throttles and p99 duration", () => {
      const alarm = (properties: Record<string, unknown>) =>
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          ...properties,
        });

      // And 10 for WebSub: its two functions' three each, two dead-letter queues, two delivery metrics;
      // 4 for the audience log processor: its three, its dead-letter queue; 3 for the daily folding.
      // 1 on the functions' own StoreUnavailable count (503s: DynamoDB throttled, slow or unreachable);
      // 2 for the scheduled repair: the oldest unfinished write's age, its errors;
      // 2 on what clients get: the 4xx rate and 429s (tests/infra/backstops.test.ts).
      template.resourceCountIs('AWS::CloudWatch::Alarm', 30);
      alarm({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Statistic: 'Sum', Threshold: 1 });
      alarm({
        Namespace: 'wirefeed',
        MetricName: 'StoreUnavailable',
        Dimensions: [{ Name: 'service', Value: 'wirefeed' }],
        Statistic: 'Sum',
        Threshold: 10,
      });
      for (const name of ['Feeds', 'Articles'] as const) {
        const Dimensions = [{ Name: 'FunctionName', Value: { Ref: lambdaFunction(template, name)[0] } }];
        alarm({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions, Statistic: 'Sum', Threshold: 1 });
        alarm({
          Namespace: 'AWS/Lambda',
          MetricName: 'Throttles',
          Dimensions,
          Statistic: 'Sum',
          Threshold: 1,
        });
        alarm({
          Namespace: 'AWS/Lambda',
          MetricName: 'Duration',
          Dimensions,
          ExtendedStatistic: 'p99',
          Threshold: 3000,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
        });
      }
      alarm({
        Threshold: 1,
        Metrics: Match.arrayWith([
          Match.objectLike({
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({ Namespace: 'AWS/DynamoDB', MetricName: 'ReadThrottleEvents' }),
            }),
          }),
          Match.objectLike({
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({ Namespace: 'AWS/DynamoDB', MetricName: 'WriteThrottleEvents' }),
            }),
          }),
        ]),
      });
    });

    it('shows every alarm on one dashboard', () => {
      const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
      const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);

      expect(dashboards).toHaveLength(1);
      expect(dashboards[0]?.Properties.DashboardName).toBe('wirefeed-dev');
      for (const alarmId of Object.keys(template.findResources('AWS::CloudWatch::Alarm'))) {
        expect(body).toContain(alarmId);
      }
      // And what the functions count themselves (EMF): answers by status, the render cache, WebSub.
      for (const metric of [
        'Responses200',
        'Responses304',
        'Responses4xx',
        'RenderCacheHits',
        'WebSubDeliveries',
      ])
        expect(body).toContain(`\\"wirefeed\\",\\"${metric}\\",\\"service\\",\\"wirefeed\\"`);
    });

    it('notifies its own SNS topic from every alarm, when it fires and when it recovers', () => {
      const [topicId, ...others] = Object.keys(template.findResources('AWS::SNS::Topic'));

      expect(others).toEqual([]);
      expect(topicId).toMatch(/^MonitoringAlarmTopic/);
      template.allResourcesProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      });
      // Publishing over plain HTTP is refused.
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
      template.resourceCountIs('AWS::SNS::Subscription', 0);
    });

    it('subscribes the alarmEmail from context to the topic', () => {
      const withEmail = Template.fromStack(testApp({ alarmEmail: 'newsroom-ops@example.org' }).api);

      withEmail.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'newsroom-ops@example.org',
        TopicArn: { Ref: Match.stringLikeRegexp('^MonitoringAlarmTopic') },
      });
    });

    it('notifies the given SNS topic instead when an alarm fires and when it recovers', () => {
      const withTopic = Template.fromStack(testApp({ alarmTopicArn: TOPIC }).api);

      withTopic.allResourcesProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [TOPIC],
        OKActions: [TOPIC],
      });
    });
  });
});

describe('cdk-nag acknowledgments', () => {
  function acknowledged(root: IConstruct): Record<string, string> {
    const found: Record<string, string> = {};
    for (const construct of root.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          // `AwsSolutions::AwsSolutions-IAM5[Resource::…]` (a granular finding) → `AwsSolutions-IAM5[Resource::…]`.
          found[`${construct.node.path} ${id.replace(/^[^:[]*::/, '')}`] = reason;
        }
      }
    }
    return found;
  }

  it('names each rule it acknowledges, where it applies, with a written reason', () => {
    const found = acknowledged(testApp().app);

    expect(Object.keys(found).sort()).toEqual([
      'WirefeedDevApi/Api/Http/ANY--admin AwsSolutions-APIG4',
      'WirefeedDevApi/Api/Http/ANY--admin--{proxy+} AwsSolutions-APIG4',
      'WirefeedDevApi/Api/Http/ANY--api--websub--{proxy+} AwsSolutions-APIG4',
      'WirefeedDevApi/Api/Http/ANY--api--{proxy+} AwsSolutions-APIG4',
      'WirefeedDevApi/Api/Http/ANY--websub AwsSolutions-APIG4',
      'WirefeedDevApi/Api/Http/DefaultRoute AwsSolutions-APIG4',
      'WirefeedDevApi/Articles/Function AwsSolutions-L1',
      'WirefeedDevApi/Audience/Bucket AwsSolutions-S1',
      'WirefeedDevApi/Audience/DeadLetters AwsSolutions-SQS3',
      'WirefeedDevApi/Audience/Folder/Function AwsSolutions-L1',
      'WirefeedDevApi/Audience/Processor AwsSolutions-IAM5[Resource::<AudienceBucket769736D6.Arn>/cloudfront/*]',
      'WirefeedDevApi/Audience/Processor/Function AwsSolutions-L1',
      'WirefeedDevApi/BucketNotificationsHandler050a0587b7544547bf325f094a3db834 AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'WirefeedDevApi/Cdn/Distribution AwsSolutions-CFR1',
      'WirefeedDevApi/Cdn/Distribution AwsSolutions-CFR4',
      'WirefeedDevApi/Feeds/Function AwsSolutions-L1',
      'WirefeedDevApi/Monitoring/AlarmTopic AwsSolutions-SNS2',
      'WirefeedDevApi/OriginSecret/Secret AwsSolutions-SMG4',
      'WirefeedDevApi/PendingWrites/Repair/Function AwsSolutions-L1',
      'WirefeedDevApi/Sources/Poll/Function AwsSolutions-L1',
      'WirefeedDevApi/WebSub/DeliveryDeadLetters AwsSolutions-SQS3',
      'WirefeedDevApi/WebSub/Hub/Function AwsSolutions-L1',
      'WirefeedDevApi/WebSub/VerifyDeadLetters AwsSolutions-SQS3',
      'WirefeedDevApi/WebSub/Worker/Function AwsSolutions-L1',
      'WirefeedDevData/Backup/Plan/Table AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'WirefeedDevEdgeMonitoring/Alarms/AlarmTopic AwsSolutions-SNS2',
    ]);
    for (const reason of Object.values(found)) expect(reason.length).toBeGreaterThan(80);
  });

  it('says why the write routes need no API Gateway authorizer: the function checks API keys', () => {
    const found = acknowledged(testApp().app);

    expect(found['WirefeedDevApi/Api/Http/ANY--api--{proxy+} AwsSolutions-APIG4']).toMatch(
      /API key.*before it touches any data/,
    );
  });

  it('acknowledges CFR4 (default certificate TLS policy) only when there is no custom domain', () => {
    const found = acknowledged(testApp({ domainName: 'feeds.example.org', certificateArn: CERTIFICATE }).app);

    expect(Object.keys(found).some((key) => key.endsWith('CFR4'))).toBe(false);
  });
});
