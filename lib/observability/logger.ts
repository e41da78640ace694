import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger (Powertools for AWS Lambda): JSON lines with level, message, service and
 * timestamp everywhere, and on Lambda the request id, function name and cold start on
 * every line once `observed()` (./lambda.ts) has added the invocation's context. Its level
 * follows `POWERTOOLS_LOG_LEVEL` (or Lambda's own log-level setting), as Powertools reads it.
 */
export const logger = new Logger({ serviceName: 'wirefeed' });

/** An error as a log field: its stack where it has one, never the whole object. */
export const errorField = (error: unknown) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

/** A structured log line: a message and its fields. */
export type LogEvent = { message: string } & Record<string, unknown>;
