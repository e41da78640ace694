/**
 * Typed errors. Services throw these; exactly one `onError` (lib/http/problem.ts)
 * turns them into RFC 9457 problem+json responses.
 */

export interface FieldIssue {
  /** JSON pointer (RFC 6901) to the offending field, or the query parameter's name. */
  pointer: string;
  detail: string;
}

export class WirefeedError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A request parameter or body field failed validation (400). */
export class ValidationError extends WirefeedError {
  constructor(message: string, issues: FieldIssue[]) {
    super(400, 'Invalid request', message, issues);
  }
}

/** A feed scope or article that does not exist (404). */
export class NotFoundError extends WirefeedError {
  constructor(message: string) {
    super(404, 'Not found', message);
  }
}

/** The store could not answer in time, e.g. throttled past its retries (503). */
export class UnavailableError extends WirefeedError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super(503, 'Service unavailable', message, [], options);
  }
}

/** The stored revision is not the one the writer based its change on (412). */
export class PreconditionFailedError extends WirefeedError {
  constructor(message: string) {
    super(412, 'Precondition failed', message);
  }
}
