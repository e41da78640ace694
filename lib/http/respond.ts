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
  body: () => Promise<string | Uint8Array> | string | Uint8Array;
  /** A `Link` header (e.g. WebSub discovery), on 200s and 304s alike. */
  link?: string;
  /** Readable from other origins (public feeds): CORS headers on every answer, 304s included. */
  crossOrigin?: boolean;
}

/**
 * CORS for public GETs (Fetch standard): set here, as plain headers, rather than by
 * middleware that rebuilds every response — at polling rates that rebuild was a third
 * of a 304's cost. Preflights are answered by the app's OPTIONS route.
 */
export const CROSS_ORIGIN = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag,Last-Modified,Link',
};

/**
 * A cacheable GET/HEAD answer: validators and caching headers on every response, and a
 * bodiless 304 (RFC 9110 §15.4.5) repeating them when the request's preconditions match.
 */
export async function respond(c: Context, r: Representation): Promise<Response> {
  const headers: Record<string, string> = {
    ...(r.crossOrigin ? CROSS_ORIGIN : {}),
    ETag: r.etag,
    'Last-Modified': r.lastModified.toUTCString(),
    'Cache-Control': r.cacheControl,
    Vary: [...(r.vary ?? []), 'Accept-Encoding'].join(', '),
  };
  if (r.link) headers.Link = r.link;
  const preconditions = {
    ifNoneMatch: c.req.header('If-None-Match'),
    ifModifiedSince: c.req.header('If-Modified-Since'),
  };
  if (notModified(preconditions, r)) return c.body(null, 304, headers);
  // Bytes from the render cache go out as they are; TextEncoder's output is backed by a plain ArrayBuffer.
  const body = (await r.body()) as string | Uint8Array<ArrayBuffer>;
  return c.body(body, 200, { ...headers, ...r.headers, 'Content-Type': r.contentType });
}
