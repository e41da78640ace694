import type { MiddlewareHandler } from 'hono';
import { type Count, METRICS, type MetricName } from '../observability/metric-names';

function metricOf(status: number): MetricName | undefined {
  if (status === 200) return METRICS.ok;
  if (status === 304) return METRICS.notModified;
  if (status === 503) return METRICS.storeUnavailable;
  if (status >= 500) return METRICS.serverErrors;
  if (status >= 400) return METRICS.clientErrors;
  return undefined;
}

/** Counts each answer by status (200, 304, 4xx, 503, other 5xx), after every other step. */
export function countResponses(count: Count): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const metric = metricOf(c.res.status);
    if (metric) count(metric);
  };
}
