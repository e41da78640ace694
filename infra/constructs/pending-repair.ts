import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { METRICS } from '../../lib/observability/metric-names';
import { REPAIR_KEYS } from '../../lib/store/keys';
import { ApiFunction } from './api-function';
import type { Monitoring } from './monitoring';

export const REPAIR_PENDING_ENTRY = 'functions/repair-pending.ts';

/** How often the repair runs. */
export const REPAIR_INTERVAL = Duration.minutes(5);

/**
 * An unfinished write this old has outlived three repair runs (each finishes the writes
 * older than a minute, lib/articles/pending-repair.ts): the repair itself is failing.
 */
export const PENDING_AGE_ALARM = Duration.minutes(15);

export interface PendingRepairProps {
  /** The articles table: the pending markers, the articles and their feeds. */
  readonly table: ITable;
  /** The site's settings, as lib/config.ts reads them (the site feed's title). */
  readonly environment: Record<string, string>;
}

/**
 * Finishing interrupted writes on AWS (docs/infra.md "Interrupted writes"). An article
 * write whose writer dies between committing the article and updating its feeds leaves
 * a PENDING marker; locally the server finishes those at start, here a rule runs a
 * small function every 5 minutes that reads the markers with one Query on their
 * partition (not a Scan) and finishes each older than a minute. It emits the age of the
 * oldest marker it found, and an alarm fires when that age shows the repair is failing.
 * A failed run is simply the next run's work, so no retries and no dead-letter queue.
 */
export class PendingRepair extends Construct {
  public readonly repair: ApiFunction;
  public readonly rule: Rule;

  constructor(scope: Construct, id: string, props: PendingRepairProps) {
    super(scope, id);
    this.repair = new ApiFunction(this, 'Repair', {
      entry: REPAIR_PENDING_ENTRY,
      table: props.table,
      tableAccess: 'read-write',
      // The marker, the article, its entries, heads and the hub's change markers: no
      // keys, sessions, sources or audience.
      tableKeys: REPAIR_KEYS,
      environment: props.environment,
      // A handful of small item writes per marker; usually there is none.
      memorySize: 256,
      timeout: Duration.seconds(60),
    });
    this.rule = new Rule(this, 'Schedule', {
      description: 'Finishes article writes whose writer died halfway (functions/repair-pending.ts)',
      schedule: Schedule.rate(REPAIR_INTERVAL),
      targets: [new LambdaFunction(this.repair.function, { retryAttempts: 0 })],
    });
  }

  /** The oldest unfinished write's age, and the repair function's own failures. */
  addAlarms(monitoring: Monitoring): void {
    monitoring.addAlarm('PendingWriteAge', {
      description:
        `An article write has been unfinished for ${PENDING_AGE_ALARM.toMinutes()} minutes: its feeds may not show it ` +
        "yet, and the scheduled repair has not finished it. Look at the repair function's logs.",
      metric: monitoring.appMetric(METRICS.pendingWriteAge, { statistic: 'Maximum' }),
      threshold: PENDING_AGE_ALARM.toSeconds(),
    });
    monitoring.addAlarm('PendingRepairErrors', {
      description: 'The scheduled repair of interrupted writes threw or timed out.',
      metric: this.repair.function.metricErrors({ period: REPAIR_INTERVAL, statistic: 'Sum' }),
      threshold: 1,
    });
  }
}
