import { Duration } from 'aws-cdk-lib';
import { MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import { FilterPattern } from 'aws-cdk-lib/aws-logs';
import { METRIC_NAMESPACE } from '../../lib/observability/metric-names';
import type { FeedsApi } from './feeds-api';
import type { Monitoring } from './monitoring';

const PERIOD = Duration.minutes(5);

/** Counted from the HTTP API's access log: API Gateway publishes no metric of its own for 429s. */
export const THROTTLED_METRIC = 'ApiResponses429';

/** Below this many API requests in 5 minutes the 4xx rate is noise (one 404 of two requests). */
export const CLIENT_ERROR_MIN_REQUESTS = 100;
/** Share of API requests answered 4xx, in percent, that means a flood or a broken client. */
export const CLIENT_ERROR_RATE_PERCENT = 25;
/** 429s in 5 minutes: readers' cache misses or a publisher's writes are being refused. */
export const THROTTLED_THRESHOLD = 10;

/**
 * Alarms on what clients get at the API, with the topic's action like every other:
 * the 4xx rate (a flood of random paths or bad tokens reaching the origin, or a client
 * gone wrong) and the count of 429s (the stage throttle refusing requests: every
 * reader's cache miss may be refused too). The 429s are counted by a metric filter on
 * the access log's `status`.
 */
export function addApiClientAlarms(monitoring: Monitoring, api: FeedsApi): void {
  const throttled = api.accessLogs.addMetricFilter('Throttled', {
    filterPattern: FilterPattern.stringValue('$.status', '=', '429'),
    metricNamespace: METRIC_NAMESPACE,
    metricName: THROTTLED_METRIC,
    metricValue: '1',
  });
  monitoring.addAlarm('ApiClientErrorRate', {
    description:
      `At least ${CLIENT_ERROR_RATE_PERCENT}% of API requests got a 4xx in 2 of 3 periods of 5 minutes: a flood ` +
      'of random paths or bad tokens reaching the origin, or a client gone wrong. See the access log.',
    metric: new MathExpression({
      label: '4xx share of API requests (%)',
      expression: `IF(requests >= ${CLIENT_ERROR_MIN_REQUESTS}, 100 * errors / requests, 0)`,
      period: PERIOD,
      usingMetrics: {
        errors: api.api.metricClientError({ period: PERIOD, statistic: 'Sum' }),
        requests: api.api.metricCount({ period: PERIOD, statistic: 'Sum' }),
      },
    }),
    threshold: CLIENT_ERROR_RATE_PERCENT,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
  });
  monitoring.addAlarm('ApiThrottled', {
    description:
      `The HTTP API answered 429 at least ${THROTTLED_THRESHOLD} times in 5 minutes: its throttle is refusing ` +
      'cache misses or writes. A flood (see the web ACL) or a limit to raise (docs/infra.md "Operations").',
    metric: throttled.metric({ period: PERIOD, statistic: 'Sum' }),
    threshold: THROTTLED_THRESHOLD,
  });
}
