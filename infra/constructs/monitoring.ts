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
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  METRIC_NAMESPACE,
  METRIC_SERVICE,
  METRICS,
  type MetricName,
} from '../../lib/observability/metric-names';
import { alarmTopic } from './alarm-topic';

export interface MonitoringProps {
  /** Alarmed on its 5xx answers; its request count goes on the dashboard. */
  readonly api: IHttpApi;
  /**
   * Each function gets the same alarms (errors, throttles, p99 duration), named after
   * its key, a PascalCase word: `{ Feeds: … }` makes `FeedsErrors`, `FeedsThrottles`,
   * `FeedsDuration`.
   */
  readonly functions: Record<string, IFunction>;
  /** The articles table: alarmed on read and write throttle events. */
  readonly table: ITable;
  /** Its request count goes on the dashboard. */
  readonly distribution: IDistribution;
  /** @default - a generated name */
  readonly dashboardName?: string;
  /**
   * Notified when an alarm fires and when it recovers.
   * @default - a topic of this construct's own (`AlarmTopic`)
   */
  readonly alarmTopic?: ITopic;
  /**
   * Subscribed to the topic this construct creates; not allowed with `alarmTopic`, whose
   * subscriptions are its owner's.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * p99 duration above which a function is slow. Once warm, a feed renders in tens of
   * milliseconds and an article write (four sequential steps of item writes) a few
   * hundred at most; seconds mean DynamoDB is slow or the SDK is retrying.
   * @default Duration.seconds(3)
   */
  readonly p99DurationThreshold?: Duration;
}

const PERIOD = Duration.minutes(5);
const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;

/** What `Monitoring.addAlarm` needs: the alarm fires when `metric` is at or above `threshold`. */
export interface AlarmSpec {
  /** What is wrong when it fires, in a sentence the person paged can act on. */
  readonly description: string;
  /** What is watched, with its period and statistic. */
  readonly metric: IMetric;
  /** The alarm fires when the metric is at or above it. */
  readonly threshold: number;
  /** How many recent periods are looked at. @default 1 */
  readonly evaluationPeriods?: number;
  /** How many of those must breach; at most `evaluationPeriods`. @default 1 */
  readonly datapointsToAlarm?: number;
}

/**
 * Alarms on what breaks the service (API 5xx, store unavailable, DynamoDB throttling, and each function's
 * errors, throttles and p99 duration) and a dashboard showing each against its
 * threshold, with the traffic that CloudFront absorbs next to the traffic that reaches
 * the API. Missing data is "not breaching": an idle service is a healthy one.
 */
export class Monitoring extends Construct {
  /** Every alarm of this construct, those added with `addAlarm` included. */
  public readonly alarms: Alarm[] = [];
  /** Traffic, the functions' own counts, and every alarm against its threshold. */
  public readonly dashboard: Dashboard;
  /** Every alarm notifies it, when it fires and when it recovers. */
  public readonly alarmTopic: ITopic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { api, table } = props;
    const threshold = props.p99DurationThreshold ?? Duration.seconds(3);
    if (props.alarmTopic && props.alarmEmail) {
      throw new Error(
        `Monitoring ${id}: alarmEmail is subscribed only to a topic this construct creates; subscribe it to the given alarmTopic instead`,
      );
    }
    for (const name of Object.keys(props.functions)) {
      if (!PASCAL_CASE.test(name)) {
        throw new Error(
          `Monitoring ${id}: function keys name alarms and must be PascalCase words; got "${name}"`,
        );
      }
    }
    if (!(threshold.toMilliseconds() > 0)) {
      throw new Error(`Monitoring ${id}: p99DurationThreshold must be longer than 0 ms`);
    }
    this.alarmTopic = props.alarmTopic ?? alarmTopic(this, 'AlarmTopic', props.alarmEmail);

    const shared = [
      this.alarm(
        'ApiServerErrors',
        'The HTTP API answered 5xx.',
        api.metricServerError({ period: PERIOD }),
        1,
      ),
      this.alarm(
        'StoreUnavailable',
        'The functions answered 503 because DynamoDB throttled, timed out or could not be reached.',
        this.appMetric(METRICS.storeUnavailable),
        10,
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
    // What the functions themselves count (EMF, lib/observability/lambda.ts).
    const graph = (title: string, names: MetricName[]) =>
      new GraphWidget({ title, width: 8, left: names.map((name) => this.appMetric(name, { label: name })) });
    this.dashboard.addWidgets(
      graph('Answers by status', [
        METRICS.ok,
        METRICS.notModified,
        METRICS.clientErrors,
        METRICS.storeUnavailable,
        METRICS.serverErrors,
      ]),
      graph('Render cache', [METRICS.renderCacheHits, METRICS.renderCacheMisses]),
      graph('WebSub deliveries', [
        METRICS.webSubDeliveries,
        METRICS.webSubDeliveryFailures,
        METRICS.webSubDeadLetters,
      ]),
    );
    // One row for the API and the table, then one row per function.
    for (const row of [shared, ...perFunction]) this.dashboard.addWidgets(...row.map(alarmWidget));
  }

  /** A metric the functions emit (lib/observability/metric-names.ts), summed per period unless `statistic` says otherwise. */
  appMetric(name: MetricName, props: { period?: Duration; label?: string; statistic?: string } = {}): Metric {
    return new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: name,
      dimensionsMap: { service: METRIC_SERVICE },
      statistic: props.statistic ?? 'Sum',
      period: props.period ?? PERIOD,
      label: props.label,
    });
  }

  /**
   * An alarm that notifies `alarmTopic` when it fires and when it recovers, shown on the
   * dashboard. Missing data is "not breaching". Constructs added to the stack later (a
   * queue, a scheduled job) register their alarms here, so every alarm reaches someone.
   */
  addAlarm(id: string, spec: AlarmSpec): Alarm {
    const evaluationPeriods = spec.evaluationPeriods ?? 1;
    const datapointsToAlarm = spec.datapointsToAlarm ?? 1;
    // CloudWatch refuses M out of N with M > N only when the stack deploys.
    if (
      !Number.isInteger(evaluationPeriods) ||
      !Number.isInteger(datapointsToAlarm) ||
      datapointsToAlarm < 1 ||
      datapointsToAlarm > evaluationPeriods
    ) {
      throw new Error(
        `Monitoring alarm ${id}: datapointsToAlarm (${datapointsToAlarm}) must be a whole number from 1 to evaluationPeriods (${evaluationPeriods})`,
      );
    }
    const alarm = this.alarm(id, spec.description, spec.metric, spec.threshold, {
      evaluationPeriods,
      datapointsToAlarm,
    });
    this.dashboard.addWidgets(alarmWidget(alarm));
    return alarm;
  }

  /**
   * Alarms as soon as a dead-letter queue holds a message: each one is work that failed
   * every retry and waits for a person (redrive it once the cause is fixed).
   */
  alarmOnDeadLetterQueue(id: string, queue: IQueue, what: string): Alarm {
    return this.addAlarm(id, {
      description: `A message reached the dead-letter queue of ${what}: it failed every retry. Fix the cause, then redrive it.`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      threshold: 1,
    });
  }

  /** Fires when `metric` is at or above `threshold`, and notifies the topic both ways. */
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
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      ...periods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}

function alarmWidget(alarm: Alarm): AlarmWidget {
  return new AlarmWidget({ title: alarm.node.id, alarm, width: 8 });
}
