import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_ERROR_MIN_REQUESTS,
  CLIENT_ERROR_RATE_PERCENT,
  THROTTLED_METRIC,
  THROTTLED_THRESHOLD,
} from '../../infra/constructs/api-client-alarms';
import { testApp } from './support/app';

type Resources = Record<string, { Properties: Record<string, unknown> }>;

const functionNamed = (template: Template, prefix: string) =>
  Object.entries(template.findResources('AWS::Lambda::Function') as Resources).find(([id]) =>
    id.startsWith(prefix),
  )![1].Properties;

describe('backstops', () => {
  // The first synthesis in a file also loads and warms the CDK: on a loaded machine it
  // passed the 30 s test timeout, so it happens in the hook (120 s).
  let defaults: { api: Template; data: Template };
  beforeAll(() => {
    const { api, data } = testApp();
    defaults = { api: Template.fromStack(api), data: Template.fromStack(data) };
  });

  it('are off by default: no reserved concurrency, no on-demand ceilings', () => {
    const functions = Object.values(defaults.api.findResources('AWS::Lambda::Function') as Resources);

    for (const fn of functions) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    defaults.data.hasResourceProperties('AWS::DynamoDB::Table', {
      OnDemandThroughput: Match.absent(),
    });
  });

  it('reserve concurrency per function and cap on-demand throughput when context sets them', () => {
    const { api, data } = testApp({
      feedsReservedConcurrency: '200',
      articlesReservedConcurrency: '20',
      tableMaxReadRequestUnits: '4000',
      tableMaxWriteRequestUnits: '1000',
    });
    const template = Template.fromStack(api);

    expect(functionNamed(template, 'FeedsFunction').ReservedConcurrentExecutions).toBe(200);
    expect(functionNamed(template, 'ArticlesFunction').ReservedConcurrentExecutions).toBe(20);
    expect(functionNamed(template, 'WebSubHubFunction').ReservedConcurrentExecutions).toBeUndefined();
    Template.fromStack(data).hasResourceProperties('AWS::DynamoDB::Table', {
      OnDemandThroughput: { MaxReadRequestUnits: 4000, MaxWriteRequestUnits: 1000 },
    });
  });

  it('refuse values that are not whole positive numbers', () => {
    expect(() => testApp({ feedsReservedConcurrency: '0' })).toThrow(/feedsReservedConcurrency/);
    expect(() => testApp({ tableMaxWriteRequestUnits: 'lots' })).toThrow(/tableMaxWriteRequestUnits/);
  });
});

describe('API client alarms', () => {
  const template = () => Template.fromStack(testApp().api);

  it('counts 429s from the access log and alarms on them, notifying the topic', () => {
    const t = template();
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.status = "429" }',
      MetricTransformations: [
        Match.objectLike({ MetricNamespace: 'wirefeed', MetricName: THROTTLED_METRIC, MetricValue: '1' }),
      ],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: THROTTLED_METRIC,
      Statistic: 'Sum',
      Threshold: THROTTLED_THRESHOLD,
      AlarmActions: [Match.anyValue()],
      OKActions: [Match.anyValue()],
    });
  });

  it('alarms on the 4xx share of API requests, ignoring quiet periods', () => {
    const alarms = Object.entries(template().findResources('AWS::CloudWatch::Alarm') as Resources);
    const [, rate] = alarms.find(([id]) => id.startsWith('MonitoringApiClientErrorRate'))!;
    const metrics = rate.Properties.Metrics as {
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string } };
    }[];

    expect(rate.Properties).toMatchObject({
      Threshold: CLIENT_ERROR_RATE_PERCENT,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      AlarmActions: [expect.anything()],
    });
    expect(metrics.find((m) => m.Expression)?.Expression).toBe(
      `IF(requests >= ${CLIENT_ERROR_MIN_REQUESTS}, 100 * errors / requests, 0)`,
    );
    expect(metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : [])).sort()).toEqual([
      '4xx',
      'Count',
    ]);
  });
});
