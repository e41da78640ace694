import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { AudienceLogs } from '../../infra/constructs/audience-logs';
import { testApp } from './support/app';

/** The CloudFront log pipeline and the admin page's way in, as the API stack deploys them. */
describe('AudienceLogs', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(testApp().api);
  });

  const logicalId = (type: string, props: Record<string, unknown> = {}) => {
    const [id] = Object.keys(template.findResources(type, props));
    expect(id, type).toBeDefined();
    return id!;
  };

  it('keeps raw logs a week, private, encrypted, HTTPS only, with ACLs CloudFront can write', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7, Status: 'Enabled' })] },
    });
    const bucket = logicalId('AWS::S3::Bucket');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    // CloudFront's standard logs go there, without cookies.
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Logging: {
          Bucket: { 'Fn::GetAtt': [bucket, 'RegionalDomainName'] },
          Prefix: 'cloudfront/',
          IncludeCookies: false,
        },
      }),
    });
  });

  it('notifies a queue of each new log object; the queue has a dead-letter queue; the processor takes partial failures', () => {
    const queue = logicalId('AWS::SQS::Queue', {
      Properties: { RedrivePolicy: Match.objectLike({}), VisibilityTimeout: 720 },
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'cloudfront/' }] } },
            QueueArn: { 'Fn::GetAtt': [queue, 'Arn'] },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queue, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
    });
  });

  it('lets the processor write only audience items and salts, and read only log objects', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
      Properties: {
        PolicyDocument: { Statement: { Action: unknown; Resource: unknown; Condition?: unknown }[] };
      };
    }[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const writes = statements.find(
      (s) => JSON.stringify(s.Action) === JSON.stringify(['dynamodb:DeleteItem', 'dynamodb:PutItem']),
    );
    expect(writes?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIENCE#*', 'READERSALT'] },
    });
    const reads = statements.find((s) => s.Action === 's3:GetObject');
    expect(JSON.stringify(reads?.Resource)).toContain('/cloudfront/*');
  });

  it('alarms on a dead letter and on the processor failing', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      AlarmDescription: Match.stringLikeRegexp('CloudFront log files'),
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      AlarmDescription: Match.stringLikeRegexp('audiencelogs'),
      Threshold: 1,
    });
  });

  it('folds finished days once a day, with a function that reads and writes only audience items', () => {
    const [folder, ...others] = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) =>
      id.startsWith('AudienceFolderFunction'),
    );
    expect(folder).toBeDefined();
    expect(others).toEqual([]);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(30 3 * * ? *)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [folder!, 'Arn'] } })],
    });
    const role = (
      template.findResources('AWS::Lambda::Function')[folder!] as { Properties: { Role: unknown } }
    ).Properties.Role as { 'Fn::GetAtt': [string, string] };
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role['Fn::GetAtt'][0]}"`))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Condition?: unknown }[])
      .filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect([statements.flatMap((s) => s.Action)].flat().sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    for (const statement of statements) {
      expect(statement.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIENCE#*'] },
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      AlarmDescription: Match.stringLikeRegexp('audiencefold'),
    });
  });

  it('passes /admin* through CloudFront uncached with cookies, over HTTPS only', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as {
      Properties: { DistributionConfig: { CacheBehaviors: Record<string, unknown>[] } };
    }[];
    const admin = distribution!.Properties.DistributionConfig.CacheBehaviors.find(
      (b) => b.PathPattern === '/admin*',
    );
    expect(admin).toMatchObject({
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      ViewerProtocolPolicy: 'https-only',
    });
  });

  it('refuses a retention that would delete late logs before they are counted', () => {
    const stack = new Stack(new App(), 'Bare');
    const table = new Table(stack, 'T', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    expect(() => new AudienceLogs(stack, 'Audience', { table, environment: {}, retentionDays: 1 })).toThrow(
      /retentionDays must be a whole number of days, at least 2/,
    );
  });
});
