import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import {
  Alarm,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface MonitoringProps {
  readonly api: IHttpApi;
  /**
   * Each function gets the same alarms (errors, throttles, p99 duration), named after
   * its key: `{ Feeds: … }` makes `FeedsErrors`, `FeedsThrottles`, `FeedsDuration`.
   */
  readonly functions: Record<string, IFunction>;
  readonly table: ITable;
  /** Its request count goes on the dashboard. */
  readonly distribution: IDistribution;
  /** @default - a generated name */
  readonly dashboardName?: string;
  /** Notified when an alarm fires and when it recovers. @default - alarms show on the dashboard only */
  readonly alarmTopic?: ITopic;
  /**
   * p99 duration above which a function is slow. Once warm, a feed renders in tens of
   * milliseconds and an article write (four sequential steps of item writes) a few
   * hundred at most; seconds mean DynamoDB is slow or the SDK is retrying.
   * @default Duration.seconds(3)
   */
  readonly p99DurationThreshold?: Duration;
}

const PERIOD = Duration.minutes(5);

/**
 * Alarms on what breaks the service (API 5xx, DynamoDB throttling, and each function's
 * errors, throttles and p99 duration) and a dashboard showing each against its
 * threshold, with the traffic that CloudFront absorbs next to the traffic that reaches
 * the API. Missing data is "not breaching": an idle service is a healthy one.
 */
export class Monitoring extends Construct {
  public readonly alarms: Alarm[];
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { api, table } = props;
    const threshold = props.p99DurationThreshold ?? Duration.seconds(3);

    const shared = [
      this.alarm(
        'ApiServerErrors',
        'The HTTP API answered 5xx.',
        api.metricServerError({ period: PERIOD }),
        1,
      ),
      this.alarm(
        'TableThrottles',
        'DynamoDB throttled reads or writes on the articles table.',
        new MathExpression({
          label: 'Throttle events',
          expression: 'reads + writes',
          period: PERIOD,
          usingMetrics: {
            reads: table.metric('ReadThrottleEvents', { period: PERIOD, statistic: 'Sum' }),
            writes: table.metric('WriteThrottleEvents', { period: PERIOD, statistic: 'Sum' }),
          },
        }),
        1,
      ),
    ];
    const perFunction = Object.entries(props.functions).map(([name, handler]) => {
      const label = name.toLowerCase();
      return [
        this.alarm(
          `${name}Errors`,
          `The ${label} function threw or timed out.`,
          handler.metricErrors({ period: PERIOD, statistic: 'Sum' }),
          1,
        ),
        this.alarm(
          `${name}Throttles`,
          `Lambda refused to run the ${label} function (concurrency exhausted).`,
          handler.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
          1,
        ),
        // Two of three periods: one slow cold start in a quiet period is not an incident.
        this.alarm(
          `${name}Duration`,
          `The ${label} function's p99 duration reached ${threshold.toMilliseconds()} ms.`,
          handler.metricDuration({ period: PERIOD, statistic: 'p99' }),
          threshold.toMilliseconds(),
          { evaluationPeriods: 3, datapointsToAlarm: 2 },
        ),
      ];
    });
    this.alarms = [...shared, ...perFunction.flat()];
    if (props.alarmTopic) {
      const action = new SnsAction(props.alarmTopic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }

    // CloudFront publishes its metrics in us-east-1 only, under Region=Global.
    const edgeRequests = new Metric({
      namespace: 'AWS/CloudFront',
      metricName: 'Requests',
      dimensionsMap: { DistributionId: props.distribution.distributionId, Region: 'Global' },
      region: 'us-east-1',
      period: PERIOD,
      statistic: 'Sum',
      label: 'CloudFront requests',
    });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Requests: at the edge and at the API',
        width: 24,
        left: [edgeRequests, api.metricCount({ period: PERIOD, label: 'API requests' })],
      }),
    );
    // One row for the API and the table, then one row per function.
    const widget = (alarm: Alarm) => new AlarmWidget({ title: alarm.node.id, alarm, width: 8 });
    for (const row of [shared, ...perFunction]) this.dashboard.addWidgets(...row.map(widget));
  }

  /** Fires when `metric` is at or above `threshold`. */
  private alarm(
    id: string,
    description: string,
    metric: IMetric,
    threshold: number,
    periods: { evaluationPeriods: number; datapointsToAlarm: number } = {
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
  ): Alarm {
    return new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      ...periods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
