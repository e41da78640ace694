import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { ApiFunction } from './api-function';

export const SOURCE_POLL_ENTRY = 'functions/sources-poll.ts';

export interface SourcePollerProps {
  /** The articles table: sources live there, and polls write articles to it. */
  readonly table: ITable;
  /** The write side's settings (site, URL template), as lib/config.ts reads them. */
  readonly environment: Record<string, string>;
}

/**
 * Following sources on AWS (`wirefeed follow`): a per-minute EventBridge rule invokes a
 * function that polls every source whose `nextRunAt` has come (each source keeps its own
 * interval, at least a minute, and its state in the table; a claim per source keeps two
 * invocations from polling one source). A failed invocation is simply the next minute's
 * work: nothing is lost, so no dead-letter queue is needed. Polls refuse URLs that do
 * not resolve to public addresses (lib/sources/public-address.ts).
 */
export class SourcePoller extends Construct {
  public readonly poller: ApiFunction;
  public readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SourcePollerProps) {
    super(scope, id);
    this.poller = new ApiFunction(this, 'Poll', {
      entry: SOURCE_POLL_ENTRY,
      table: props.table,
      tableAccess: 'read-write',
      environment: props.environment,
      // Parsing a 10 MiB feed and sanitizing its bodies: more than the API's share of CPU.
      memorySize: 512,
      // A slow source may take its 20 s; several due sources run one after another.
      timeout: Duration.seconds(120),
    });
    this.rule = new Rule(this, 'EveryMinute', {
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.poller.function, { retryAttempts: 0 })],
    });
  }
}
