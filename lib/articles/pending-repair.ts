import type { Count, MetricName } from '../observability/metric-names';
import { METRICS } from '../observability/metric-names';
import type { ArticleStore, PendingRepair } from './article-store';

/**
 * How old an unfinished write must be before the scheduled repair finishes it: a write
 * still under way (the articles function's 15 s, a source poll's article writes) is left
 * to its writer. Finishing it early would be safe (every step is idempotent and guarded
 * by the revision), only wasted work.
 */
export const REPAIR_MIN_AGE_MS = 60_000;

export interface PendingRepairDeps {
  store: Pick<ArticleStore, 'repairPending'>;
  now: () => Date;
  count: Count;
  /** Records a gauge in seconds. */
  seconds: (name: MetricName, value: number) => void;
}

/**
 * One scheduled repair run (functions/repair-pending.ts on AWS, every 5 minutes):
 * finishes the writes whose writer died between committing the article and updating its
 * feeds, and reports the age of the oldest one found, which an alarm watches.
 */
export async function repairPendingWrites(deps: PendingRepairDeps): Promise<PendingRepair> {
  const report = await deps.store.repairPending(deps.now(), REPAIR_MIN_AGE_MS);
  deps.seconds(METRICS.pendingWriteAge, report.oldestAgeSeconds);
  deps.count(METRICS.pendingWritesRepaired, report.repaired);
  return report;
}
