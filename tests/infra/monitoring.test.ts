import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Monitoring, type MonitoringProps } from '../../infra/constructs/monitoring';
import { METRIC_NAMESPACE, METRIC_SERVICE, METRICS } from '../../lib/observability/metric-names';

const DISTRIBUTION_ID = 'E2EXAMPLE';

type Alarm = { Properties: Record<string, unknown> };

/**
 * A Monitoring alone in a bare stack, over stand-ins: two inline functions, a bare table,
 * an HTTP API with no routes and an imported distribution. `props` are built from the
 * stack, for a stand-in topic.
 */
function aMonitoring(props: (stack: Stack) => Partial<MonitoringProps> = () => ({})) {
  const stack = new Stack(new App(), 'Test', { env: { region: 'eu-west-1' } });
  const aFunction = (id: string) =>
    new LambdaFunction(stack, id, {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    });
  const feeds = aFunction('FeedsHandler');
  const articles = aFunction('ArticlesHandler');
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const api = new HttpApi(stack, 'Api');
  const distribution = Distribution.fromDistributionAttributes(stack, 'Cdn', {
    distributionId: DISTRIBUTION_ID,
    domainName: 'd111111abcdef8.cloudfront.net',
  });
  const monitoring = new Monitoring(stack, 'Monitoring', {
    api,
    functions: { Feeds: feeds, Articles: articles },
    table,
    distribution,
    ...props(stack),
  });
  return { stack, monitoring, feeds, articles, table, api, template: () => Template.fromStack(stack) };
}

/** Alarms by construct id (`MonitoringFeedsErrors5D67816B` → `FeedsErrors`). */
function alarmsById(template: Template): Record<string, Alarm> {
  return Object.fromEntries(
    Object.entries(template.findResources('AWS::CloudWatch::Alarm') as Record<string, Alarm>).map(
      ([logicalId, alarm]) => [logicalId.replace(/^Monitoring/, '').replace(/[0-9A-F]{8}$/, ''), alarm],
    ),
  );
}

/**
 * The dashboard's body as JSON: its `Fn::Join` parts joined, with `{ Ref: x }` written
 * `ref:x` and `{ Fn::GetAtt: [x, 'Arn'] }` written `arn:x`.
 */
function dashboardBody(template: Template): {
  widgets: { properties: { title?: string; metrics?: unknown[]; annotations?: { alarms: string[] } } }[];
} {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const parts = (dashboard!.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const token = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      if (token.Ref) return `ref:${token.Ref}`;
      if (token['Fn::GetAtt']) return `arn:${token['Fn::GetAtt'][0]}`;
      throw new Error(`unexpected token in the dashboard body: ${JSON.stringify(part)}`);
    })
    .join('');
  return JSON.parse(text);
}

const logicalId = (stack: Stack, ref: unknown) => (stack.resolve(ref) as { Ref: string }).Ref;

describe('Monitoring, by default', () => {
  // One synthesis for the tests that only read it (the first one also loads the CDK).
  let defaults: ReturnType<typeof aMonitoring> & { built: Template };
  beforeAll(() => {
    const monitoring = aMonitoring();
    defaults = { ...monitoring, built: monitoring.template() };
  });

  it('alarms on API 5xx, 10 store-unavailable answers in 5 minutes and any DynamoDB throttling', () => {
    const { stack, api, table, built } = defaults;
    const alarms = alarmsById(built);

    expect(alarms.ApiServerErrors?.Properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: stack.resolve(api.apiId) }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
    });
    expect(alarms.StoreUnavailable?.Properties).toMatchObject({
      Namespace: METRIC_NAMESPACE,
      MetricName: METRICS.storeUnavailable,
      Dimensions: [{ Name: 'service', Value: METRIC_SERVICE }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 10,
    });
    const tableName = { Name: 'TableName', Value: stack.resolve(table.tableName) };
    expect(alarms.TableThrottles?.Properties).toMatchObject({
      Threshold: 1,
      Metrics: [
        expect.objectContaining({ Expression: 'reads + writes', ReturnData: true }),
        expect.objectContaining({
          Id: 'reads',
          MetricStat: {
            Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'ReadThrottleEvents', Dimensions: [tableName] },
            Period: 300,
            Stat: 'Sum',
          },
        }),
        expect.objectContaining({
          Id: 'writes',
          MetricStat: {
            Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'WriteThrottleEvents', Dimensions: [tableName] },
            Period: 300,
            Stat: 'Sum',
          },
        }),
      ],
    });
  });

  it('gives each function, named by its key, error, throttle and p99 duration alarms (3 s, 2 of 3 periods)', () => {
    const { stack, feeds, articles, built } = defaults;
    const alarms = alarmsById(built);

    expect(Object.keys(alarms).sort()).toEqual(
      [
        'ApiServerErrors',
        'StoreUnavailable',
        'TableThrottles',
        'FeedsErrors',
        'FeedsThrottles',
        'FeedsDuration',
        'ArticlesErrors',
        'ArticlesThrottles',
        'ArticlesDuration',
      ].sort(),
    );
    for (const [name, handler] of [
      ['Feeds', feeds],
      ['Articles', articles],
    ] as const) {
      const dimensions = [{ Name: 'FunctionName', Value: stack.resolve(handler.functionName) }];
      expect(alarms[`${name}Errors`]?.Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: dimensions,
        Statistic: 'Sum',
        Threshold: 1,
        EvaluationPeriods: 1,
      });
      expect(alarms[`${name}Throttles`]?.Properties).toMatchObject({
        MetricName: 'Throttles',
        Dimensions: dimensions,
        Threshold: 1,
      });
      expect(alarms[`${name}Duration`]?.Properties).toMatchObject({
        MetricName: 'Duration',
        Dimensions: dimensions,
        ExtendedStatistic: 'p99',
        Threshold: 3000,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        AlarmDescription: `The ${name.toLowerCase()} function's p99 duration reached 3000 ms.`,
      });
    }
  });

  it('fires every alarm at or above its threshold, treats missing data as fine, and notifies its own topic both ways', () => {
    const { stack, monitoring, built } = defaults;
    const alarms = Object.values(alarmsById(built));
    const topic = stack.resolve(monitoring.alarmTopic.topicArn);

    expect(monitoring.alarms).toHaveLength(alarms.length);
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [topic],
        OKActions: [topic],
      });
    }
    // The topic is this construct's, refuses plain HTTP, and nobody is subscribed yet.
    built.resourceCountIs('AWS::SNS::Topic', 1);
    expect(topic).toEqual({ Ref: expect.stringMatching(/^MonitoringAlarmTopic/) });
    built.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
    built.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('shows edge and API requests, the functions’ counts and every alarm on one dashboard', () => {
    const { stack, api, monitoring, built } = defaults;
    const body = dashboardBody(built);
    const alarmWidgets = body.widgets.flatMap((widget) => widget.properties.annotations?.alarms ?? []);

    built.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: Match.absent() });
    expect(body.widgets[0]!.properties.metrics).toEqual([
      [
        'AWS/CloudFront',
        'Requests',
        'DistributionId',
        DISTRIBUTION_ID,
        'Region',
        'Global',
        { label: 'CloudFront requests', region: 'us-east-1', stat: 'Sum' },
      ],
      ['AWS/ApiGateway', 'Count', 'ApiId', `ref:${logicalId(stack, api.apiId)}`, expect.any(Object)],
    ]);
    expect(JSON.stringify(body)).toContain(`"${METRICS.storeUnavailable}","service","${METRIC_SERVICE}"`);
    expect(alarmWidgets.sort()).toEqual(
      monitoring.alarms
        .map(
          (alarm) => `arn:${(stack.resolve(alarm.alarmArn) as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]}`,
        )
        .sort(),
    );
  });
});

describe('Monitoring, with props', () => {
  it('subscribes alarmEmail to its topic', () => {
    const { stack, monitoring, template } = aMonitoring(() => ({ alarmEmail: 'oncall@example.org' }));

    template().hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
      TopicArn: stack.resolve(monitoring.alarmTopic.topicArn),
    });
  });

  it('notifies alarmTopic instead, creating no topic of its own', () => {
    let given: Topic | undefined;
    const { stack, monitoring, template } = aMonitoring((scope) => {
      given = new Topic(scope, 'Ops');
      return { alarmTopic: given };
    });
    const built = template();
    const arn = stack.resolve(given!.topicArn);

    expect(monitoring.alarmTopic).toBe(given);
    built.resourceCountIs('AWS::SNS::Topic', 1);
    for (const alarm of Object.values(alarmsById(built))) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [arn], OKActions: [arn] });
    }
  });

  it('names the dashboard and moves the p99 duration threshold as told', () => {
    const { template } = aMonitoring(() => ({
      dashboardName: 'wirefeed-test',
      p99DurationThreshold: Duration.millis(1500),
    }));
    const built = template();

    built.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'wirefeed-test' });
    expect(alarmsById(built).FeedsDuration?.Properties).toMatchObject({
      Threshold: 1500,
      AlarmDescription: "The feeds function's p99 duration reached 1500 ms.",
    });
  });
});

describe('Monitoring handles', () => {
  it('addAlarm: one period by default, notifies the topic both ways, joins alarms and the dashboard', () => {
    const { stack, monitoring, template } = aMonitoring();
    const alarm = monitoring.addAlarm('PendingWriteAge', {
      description: 'A write has waited too long.',
      metric: monitoring.appMetric(METRICS.pendingWriteAge, { statistic: 'Maximum' }),
      threshold: 900,
    });
    monitoring.addAlarm('Slow', {
      description: 'Slow.',
      metric: monitoring.appMetric(METRICS.serverErrors),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    const built = template();
    const alarms = alarmsById(built);
    const topic = stack.resolve(monitoring.alarmTopic.topicArn);

    expect(monitoring.alarms).toContain(alarm);
    expect(alarms.PendingWriteAge?.Properties).toMatchObject({
      AlarmDescription: 'A write has waited too long.',
      Namespace: METRIC_NAMESPACE,
      MetricName: METRICS.pendingWriteAge,
      Dimensions: [{ Name: 'service', Value: METRIC_SERVICE }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 900,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    expect(alarms.Slow?.Properties).toMatchObject({ EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    const titles = dashboardBody(built).widgets.map((widget) => widget.properties.title);
    expect(titles).toContain('PendingWriteAge');
    expect(titles).toContain('Slow');
  });

  it('alarmOnDeadLetterQueue: fires on the first visible message of the queue', () => {
    const { stack, monitoring, template } = aMonitoring();
    const queue = new Queue(stack, 'DeadLetters');
    monitoring.alarmOnDeadLetterQueue('DeliveriesDeadLetters', queue, 'WebSub deliveries');

    expect(alarmsById(template()).DeliveriesDeadLetters?.Properties).toMatchObject({
      AlarmDescription: expect.stringContaining('dead-letter queue of WebSub deliveries'),
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: stack.resolve(queue.queueName) }],
      Statistic: 'Maximum',
      Threshold: 1,
    });
  });

  it('appMetric: a metric the functions emit, summed per 5 minutes unless told otherwise', () => {
    const { monitoring } = aMonitoring();
    const metric = monitoring.appMetric(METRICS.ok);

    expect(metric).toBeInstanceOf(Metric);
    expect(metric.toMetricConfig().metricStat).toMatchObject({
      namespace: METRIC_NAMESPACE,
      metricName: METRICS.ok,
      dimensions: [{ name: 'service', value: METRIC_SERVICE }],
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    expect(monitoring.appMetric(METRICS.ok, { period: Duration.minutes(1) }).period.toSeconds()).toBe(60);
  });
});

describe('Monitoring refuses', () => {
  it('alarmEmail together with alarmTopic (the email would silently go nowhere)', () => {
    expect(() =>
      aMonitoring((scope) => ({ alarmTopic: new Topic(scope, 'Ops'), alarmEmail: 'oncall@example.org' })),
    ).toThrow(/Monitoring Monitoring: alarmEmail is subscribed only to a topic this construct creates/);
  });

  it('function keys that are not PascalCase words, and a p99 threshold of 0', () => {
    expect(() =>
      aMonitoring((scope) => ({
        functions: {
          'feeds-fn': LambdaFunction.fromFunctionName(scope, 'Imported', 'feeds'),
        },
      })),
    ).toThrow(/function keys name alarms and must be PascalCase words; got "feeds-fn"/);
    expect(() => aMonitoring(() => ({ p99DurationThreshold: Duration.seconds(0) }))).toThrow(
      /p99DurationThreshold must be longer than 0 ms/,
    );
  });

  it('an alarm needing more breaching periods than it evaluates', () => {
    const { monitoring } = aMonitoring();
    const spec = { description: 'x', metric: monitoring.appMetric(METRICS.ok), threshold: 1 };

    expect(() =>
      monitoring.addAlarm('TooMany', { ...spec, evaluationPeriods: 2, datapointsToAlarm: 3 }),
    ).toThrow(
      /Monitoring alarm TooMany: datapointsToAlarm \(3\) must be a whole number from 1 to evaluationPeriods \(2\)/,
    );
    expect(() => monitoring.addAlarm('None', { ...spec, datapointsToAlarm: 0 })).toThrow(
      /datapointsToAlarm \(0\)/,
    );
  });
});
