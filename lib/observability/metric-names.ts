/**
 * What wirefeed counts, as CloudWatch metrics in one namespace, shared by the code that
 * emits them (EMF through ./lambda.ts) and by the dashboard and alarms in infra/.
 * Every metric carries one dimension, `service` = `wirefeed` (Powertools' default).
 */
export const METRIC_NAMESPACE = 'wirefeed';
export const METRIC_SERVICE = 'wirefeed';

export const METRICS = {
  /** Feed, page and embed answers by status, from the functions (not CloudFront's hits). */
  ok: 'Responses200',
  notModified: 'Responses304',
  clientErrors: 'Responses4xx',
  /** 503s: DynamoDB throttled, timed out or was unreachable (lib/store/send.ts). */
  storeUnavailable: 'StoreUnavailable',
  serverErrors: 'Responses5xx',
  /** A 200 whose body was already rendered on this instance, or not. */
  renderCacheHits: 'RenderCacheHits',
  renderCacheMisses: 'RenderCacheMisses',
  /** WebSub: content distribution attempts (lib/websub/sqs-worker.ts). */
  webSubDeliveries: 'WebSubDeliveries',
  webSubDeliveryFailures: 'WebSubDeliveryFailures',
  webSubDeadLetters: 'WebSubDeadLetters',
  /** The scheduled repair (functions/repair-pending.ts): interrupted writes it finished. */
  pendingWritesRepaired: 'PendingWritesRepaired',
  /** Seconds, not a count: age of the oldest unfinished write each repair run found (0: none). */
  pendingWriteAge: 'PendingWriteAgeSeconds',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** Adds `value` (default 1) to a count of this invocation. */
export type Count = (name: MetricName, value?: number) => void;

/** Locally and in tests nothing is sent anywhere. */
export const countNothing: Count = () => {};
