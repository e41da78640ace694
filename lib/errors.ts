/**
 * Typed errors. Services throw these; exactly one `onError` (lib/http/problem.ts)
 * turns them into RFC 9457 problem+json responses.
 */

/** One offending input: a body field (JSON pointer, RFC 6901) or a query parameter. */
export type FieldIssue = { detail: string } & ({ pointer: string } | { parameter: string });

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
    super(400, 'Bad Request', message, issues);
  }
}

/** A feed scope or article that does not exist (404). */
export class NotFoundError extends WirefeedError {
  constructor(message: string) {
    super(404, 'Not Found', message);
  }
}

/** The store could not answer in time, e.g. throttled past its retries (503). */
export class UnavailableError extends WirefeedError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super(503, 'Service Unavailable', message, [], options);
  }
}

/** The stored revision is not the one the writer based its change on (412). */
export class PreconditionFailedError extends WirefeedError {
  constructor(message: string) {
    super(412, 'Precondition Failed', message);
  }
}

/** No credentials, or credentials that do not identify a live key (401). */
export class UnauthorizedError extends WirefeedError {
  constructor(message: string) {
    super(401, 'Unauthorized', message);
  }
}

/** A valid key without the scope this request needs (403). */
export class ForbiddenError extends WirefeedError {
  constructor(message: string) {
    super(403, 'Forbidden', message);
  }
}

/** The resource exists already (409). */
export class ConflictError extends WirefeedError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super(409, 'Conflict', message, issues);
  }
}

/** A request body in a media type the route does not take (415). */
export class UnsupportedMediaTypeError extends WirefeedError {
  constructor(message: string) {
    super(415, 'Unsupported Media Type', message);
  }
}

/** A request body over the route's limit (413, RFC 9110 §15.5.14). */
export class ContentTooLargeError extends WirefeedError {
  constructor(message: string) {
    super(413, 'Content Too Large', message);
  }
}
