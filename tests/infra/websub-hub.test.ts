import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { WebSubHub } from '../../infra/constructs/websub-hub';
import { TTL_ATTRIBUTE, WEBSUB_PREFIX } from '../../lib/store/keys';
import { CDK_CONTEXT, testApp } from './support/app';

type Resources = Record<string, { Properties: Record<string, unknown> }>;
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The construct alone, in a bare stack (bundling skipped). */
function aHub() {
  const stack = new Stack(undefined, 'Bare', { env: { region: 'eu-west-1' } });
  stack.node.setContext('aws:cdk:bundling-stacks', []);
  for (const [key, value] of Object.entries(CDK_CONTEXT)) stack.node.setContext(key, value);
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const hub = new WebSubHub(stack, 'WebSub', {
    table,
    environment: { PUBLIC_BASE_URL: 'https://feeds.example.org' },
  });
  return { template: Template.fromStack(stack), hub };
}

function statementsOf(template: Template, functionPrefix: string): Statement[] {
  const fn = Object.entries(template.findResources('AWS::Lambda::Function') as Resources).find(([id]) =>
    id.startsWith(functionPrefix),
  )!;
  const roleId = (fn[1].Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy') as Resources)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe('WebSubHub', () => {
  let template: Template;
  beforeAll(() => {
    template = aHub().template;
  });

  it('has a verification and a delivery queue, each encrypted, TLS-only, with a dead-letter queue after 5 receives', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue') as Resources);
    expect(queues).toHaveLength(4);
    const main = queues.filter((q) => q.Properties.RedrivePolicy);
    expect(main).toHaveLength(2);
    for (const q of main) {
      expect(q.Properties).toMatchObject({
        RedrivePolicy: { maxReceiveCount: 5 },
        SqsManagedSseEnabled: true,
        VisibilityTimeout: 360,
      });
    }
    template.resourceCountIs('AWS::SQS::QueuePolicy', 4);
  });

  it('consumes both queues in batches of 10 with partial batch failures, at bounded concurrency', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping') as Resources);
    expect(mappings).toHaveLength(2);
    for (const m of mappings)
      expect(m.Properties).toMatchObject({
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 10 },
      });
  });

  it('runs the worker every minute (scheduled articles falling due, lost nudges)', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
    });
  });

  it('denies private callbacks on AWS and tells both functions where the queues are', () => {
    for (const name of ['WebSubHub', 'WebSubWorker'])
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: 'index.handler',
        Environment: {
          Variables: Match.objectLike({
            PUBLIC_BASE_URL: 'https://feeds.example.org',
            WEBSUB_PRIVATE_CALLBACKS: 'deny',
            WEBSUB_VERIFY_QUEUE_URL: Match.anyValue(),
            WEBSUB_DELIVERY_QUEUE_URL: Match.anyValue(),
          }),
        },
        FunctionName: Match.absent(),
        Description: Match.absent(),
        Role: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${name}Role`), 'Arn'] },
      });
  });

  it('lets the hub function read the table and send to the verification queue only', () => {
    const statements = statementsOf(template, 'WebSubHub');
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    const sqs = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:')));
    expect(sqs).toHaveLength(1);
    expect(JSON.stringify(sqs[0]!.Resource)).toMatch(/VerifyQueue/);
    expect(actions).not.toContain('sqs:ReceiveMessage');
  });

  it('lets the worker write only WEBSUB# items, single-item writes, no Scan or batch', () => {
    const statements = statementsOf(template, 'WebSubWorker');
    const writes = statements.filter((s) =>
      [s.Action].flat().some((a) => /Put|Update|Delete/.test(a) && a.startsWith('dynamodb:')),
    );
    expect(writes).toHaveLength(1);
    expect([writes[0]!.Action].flat().sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(writes[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${WEBSUB_PREFIX}*`] },
    });
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith('dynamodb:') && !/Put|Update|Delete/.test(a)).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    expect(actions).toEqual(
      expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']),
    );
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
  });
});

describe('WebSub in the app', () => {
  it('enables TTL on the table with the attribute lib/store/keys.ts names', () => {
    Template.fromStack(testApp().data).hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it('routes /websub past the CloudFront cache with the viewer address, to the hub function', () => {
    const template = Template.fromStack(testApp().api);
    const [distribution] = Object.values(
      template.findResources('AWS::CloudFront::Distribution') as Resources,
    );
    const behaviors = (
      distribution!.Properties.DistributionConfig as { CacheBehaviors: Record<string, unknown>[] }
    ).CacheBehaviors;
    const websub = behaviors.find((b) => b.PathPattern === '/websub');
    // The write API's uncached origin (no Origin Shield), whatever it carries.
    expect(websub?.TargetOriginId).toBe(behaviors.find((b) => b.PathPattern === '/api/*')?.TargetOriginId);
    expect(websub).toMatchObject({
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      AllowedMethods: expect.arrayContaining(['POST', 'GET']),
      ViewerProtocolPolicy: 'https-only',
    });
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: ['Content-Type', 'CloudFront-Viewer-Address'],
        },
      }),
    });
  });

  it('alarms on both dead-letter queues, deliveries given up and failed delivery attempts', () => {
    const template = Template.fromStack(testApp().api);
    for (const MetricName of ['WebSubDeadLetters', 'WebSubDeliveryFailures'])
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'wirefeed',
        MetricName,
        Dimensions: [{ Name: 'service', Value: 'wirefeed' }],
        Statistic: 'Sum',
      });
    const dlqAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).filter(
      (a) =>
        a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(a.Properties.Dimensions).includes('WebSub'),
    );
    expect(dlqAlarms.map((a) => JSON.stringify(a.Properties.Dimensions))).toEqual([
      expect.stringMatching(/VerifyDeadLetters/),
      expect.stringMatching(/DeliveryDeadLetters/),
    ]);
  });
});
