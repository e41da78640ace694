import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { logger } from './logger';
import { type Count, METRIC_NAMESPACE, METRIC_SERVICE, type MetricName } from './metric-names';

/**
 * Lambda's side of observability: counts become CloudWatch metrics in the embedded metric
 * format (one log line per invocation, no API call), and every log line of an invocation
 * names its request and whether it was a cold start.
 */
const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });

/** Counts into this invocation's metrics; `observed()` publishes them when it ends. */
export const countMetric: Count = (name, value = 1) => {
  metrics.addMetric(name, MetricUnit.Count, value);
};

/** Records a duration in seconds (a gauge: alarms read its Maximum). */
export const secondsMetric = (name: MetricName, seconds: number) => {
  metrics.addMetric(name, MetricUnit.Seconds, seconds);
};

/** Wraps a handler: the invocation's context on every log line, its counts flushed at the end. */
export function observed<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return async (event: E, context: Context): Promise<R> => {
    logger.addContext(context);
    try {
      return await handler(event, context);
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
