import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  ContentTooLargeError,
  type FieldIssue,
  UnauthorizedError,
  UnavailableError,
  WirefeedError,
} from '../errors';
import { errorField, logger } from '../observability/logger';

/**
 * RFC 9457 problem details. The one place errors become HTTP responses: typed errors
 * keep their status; anything unexpected is logged and answered 500 without internals.
 */

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Extension member (RFC 9457 §3.2): each offending field or parameter. */
  errors?: FieldIssue[];
}

export function problemResponse(
  c: Context,
  problem: Omit<Problem, 'type'>,
  headers: Record<string, string> = {},
) {
  const body: Problem = { type: 'about:blank', ...problem };
  if (!body.errors?.length) delete body.errors;
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, {
    'Content-Type': `${PROBLEM_MEDIA_TYPE}; charset=utf-8`,
    'Cache-Control': 'no-store',
    ...headers,
  });
}

/**
 * The client went away mid-request: Node's incoming stream fails with `aborted`
 * (ECONNRESET) when the socket closes before the body is read; a read cut short by the
 * request's own signal (aborted by @hono/node-server when the client leaves) fails with
 * that signal's reason. A reset of our own connections (DynamoDB's) is neither, and stays
 * an unhandled error.
 */
export function isClientAbort(error: Error, request: Request): boolean {
  const code = (error as Error & { code?: unknown }).code;
  if (code === 'ECONNRESET' && error.message === 'aborted') return true;
  return request.signal.aborted && (error === request.signal.reason || error.name === 'AbortError');
}

export function onError(error: Error, c: Context) {
  if (error instanceof WirefeedError) {
    const headers: Record<string, string> = {};
    if (error instanceof UnavailableError) headers['Retry-After'] = String(error.retryAfterSeconds);
    // RFC 9110 §15.5.14: the rest of the body is not read, so the connection cannot be
    // reused; say so, rather than close a socket the client thinks is kept alive.
    if (error instanceof ContentTooLargeError) headers.Connection = 'close';
    // RFC 9110 §11.6.1: a 401 names the scheme it wants.
    if (error instanceof UnauthorizedError) headers['WWW-Authenticate'] = 'Bearer realm="wirefeed"';
    return problemResponse(
      c,
      { title: error.title, status: error.status, detail: error.message, errors: error.issues },
      headers,
    );
  }
  if (error instanceof HTTPException) {
    return problemResponse(c, {
      title: error.message || 'Error',
      status: error.status,
      detail: error.message,
    });
  }
  // Nobody is left to read the answer, and nothing went wrong on our side: not worth a line.
  if (isClientAbort(error, c.req.raw)) {
    return problemResponse(c, {
      title: 'Bad Request',
      status: 400,
      detail: 'The client closed the connection before the request was read.',
    });
  }
  logger.error('Unhandled error', { error: errorField(error) });
  return problemResponse(c, {
    title: 'Internal Server Error',
    status: 500,
    detail: 'Something went wrong on our side.',
  });
}

export function notFound(c: Context) {
  return problemResponse(c, { title: 'Not Found', status: 404, detail: `Nothing lives at ${c.req.path}.` });
}
