import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
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

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('ApiStack', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(testApp().api);
  });

  describe('feeds function', () => {
    it('runs functions/feeds.ts on nodejs22.x, arm64, with JSON logs and the chosen size', () => {
      template.resourceCountIs('AWS::Lambda::Function', 1);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
        Timeout: 10,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: Match.anyValue() },
      });
    });

    it('gets its settings under the names lib/config.ts reads, and source-mapped stack traces', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: {
            TABLE_NAME: Match.anyValue(),
            PUBLIC_BASE_URL: 'https://set-publicBaseUrl.invalid',
            NODE_OPTIONS: '--enable-source-maps',
          },
        },
      });
    });

    it('keeps its logs and the API access logs for 30 days', () => {
      template.resourceCountIs('AWS::Logs::LogGroup', 2);
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    it('may read the table and write its own logs, and nothing else', () => {
      const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0]!;
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const role = template.findResources('AWS::IAM::Role')[roleId]!;
      const policies = Object.values(template.findResources('AWS::IAM::Policy') as Resources).filter(
        (policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`),
      );
      const statements = policies.flatMap(
        (policy) =>
          (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      );
      const actions = statements.flatMap((statement) => [statement.Action].flat());

      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem']));
      expect(actions.filter((action) => WRITE_ACTIONS.includes(action))).toEqual([]);
      expect(actions.filter((action) => action.includes('*'))).toEqual([]);
      expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
    });
  });

  describe('HTTP API', () => {
    it('throttles its one stage and logs every request as JSON', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        AccessLogSettings: {
          DestinationArn: Match.anyValue(),
          Format: Match.stringLikeRegexp('"requestId"'),
        },
      });
    });

    it('sends every route to the feeds function', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
      template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
    });
  });

  describe('CloudFront', () => {
    it('keys the cache on the path and `limit` only, and honours the origin Cache-Control', () => {
      template.resourceCountIs('AWS::CloudFront::CachePolicy', 1);
      template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: {
          MinTTL: 0,
          DefaultTTL: 300,
          MaxTTL: 86_400,
          ParametersInCacheKeyAndForwardedToOrigin: {
            QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['limit'] },
            HeadersConfig: { HeaderBehavior: 'none' },
            CookiesConfig: { CookieBehavior: 'none' },
            EnableAcceptEncodingGzip: true,
            EnableAcceptEncodingBrotli: true,
          },
        },
      });
    });

    it('compresses, serves GET/HEAD over HTTPS, and goes through Origin Shield to the API', () => {
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: {
          DefaultCacheBehavior: {
            CachePolicyId: { Ref: Match.stringLikeRegexp('^CdnCachePolicy') },
            Compress: true,
            AllowedMethods: ['GET', 'HEAD'],
            ViewerProtocolPolicy: 'redirect-to-https',
          },
          Origins: [
            {
              DomainName: {
                'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^ApiHttp') }])],
              },
              CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
              OriginShield: { Enabled: true, OriginShieldRegion: Match.anyValue() },
            },
          ],
        },
      });
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
          Origins: [Match.objectLike({ OriginShield: { Enabled: true, OriginShieldRegion: 'eu-west-1' } })],
        },
      });
      custom.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://feeds.example.org' }) },
      });
    });
  });

  describe('operations', () => {
    it('alarms on API 5xx, function errors, throttles and p99 duration, and DynamoDB throttling', () => {
      const alarm = (properties: Record<string, unknown>) =>
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          ...properties,
        });

      template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
      alarm({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Statistic: 'Sum', Threshold: 1 });
      alarm({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Statistic: 'Sum', Threshold: 1 });
      alarm({ Namespace: 'AWS/Lambda', MetricName: 'Throttles', Statistic: 'Sum', Threshold: 1 });
      alarm({
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        ExtendedStatistic: 'p99',
        Threshold: 3000,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
      });
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
    });

    it('notifies the given SNS topic when an alarm fires and when it recovers', () => {
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
          found[`${construct.node.path} ${id.replace(/^.*::/, '')}`] = reason;
        }
      }
    }
    return found;
  }

  it('names each rule it acknowledges, where it applies, with a written reason', () => {
    const found = acknowledged(testApp().app);

    expect(Object.keys(found).sort()).toEqual([
      'WirefeedDevApi/Api/Http AwsSolutions-APIG4',
      'WirefeedDevApi/Cdn/Distribution AwsSolutions-CFR1',
      'WirefeedDevApi/Cdn/Distribution AwsSolutions-CFR2',
      'WirefeedDevApi/Cdn/Distribution AwsSolutions-CFR3',
      'WirefeedDevApi/Cdn/Distribution AwsSolutions-CFR4',
      'WirefeedDevApi/Feeds/Function AwsSolutions-L1',
    ]);
    for (const reason of Object.values(found)) expect(reason.length).toBeGreaterThan(80);
  });

  it('acknowledges CFR4 (default certificate TLS policy) only when there is no custom domain', () => {
    const found = acknowledged(testApp({ domainName: 'feeds.example.org', certificateArn: CERTIFICATE }).app);

    expect(Object.keys(found).some((key) => key.endsWith('CFR4'))).toBe(false);
  });
});
