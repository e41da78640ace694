import type { Context } from 'hono';
import { notModified } from './conditional';

export interface Representation {
  etag: string;
  lastModified: Date;
  cacheControl: string;
  contentType: string;
  /** Request headers the representation depends on, besides Accept-Encoding. */
  vary?: string[];
  /** More response headers for a 200 (e.g. Content-Security-Policy). */
  headers?: Record<string, string>;
  /** Produced only for a 200: a 304 never renders. */
  body: () => Promise<string> | string;
}

/**
 * A cacheable GET/HEAD answer: validators and caching headers on every response, and a
 * bodiless 304 (RFC 9110 §15.4.5) repeating them when the request's preconditions match.
 */
export async function respond(c: Context, r: Representation): Promise<Response> {
  const headers = {
    ETag: r.etag,
    'Last-Modified': r.lastModified.toUTCString(),
    'Cache-Control': r.cacheControl,
    Vary: [...(r.vary ?? []), 'Accept-Encoding'].join(', '),
  };
  const preconditions = {
    ifNoneMatch: c.req.header('If-None-Match'),
    ifModifiedSince: c.req.header('If-Modified-Since'),
  };
  if (notModified(preconditions, r)) return c.body(null, 304, headers);
  return c.body(await r.body(), 200, { ...headers, ...r.headers, 'Content-Type': r.contentType });
}
