import type { Context } from 'hono';
import { encodedEtag, isCompressible, negotiatedCompression } from './compression';
import { httpLastModified, notModified } from './conditional';
import { CROSS_ORIGIN } from './cors';

export interface Representation {
  etag: string;
  lastModified: Date;
  /** When this answer is made: Last-Modified depends on it (see httpLastModified). */
  now: Date;
  cacheControl: string;
  contentType: string;
  /** Request headers the representation depends on, besides Accept-Encoding. */
  vary?: string[];
  /** More response headers for a 200 (e.g. Content-Security-Policy). */
  headers?: Record<string, string>;
  /** Produced only for a 200 (and HEAD, for its Content-Length): a 304 never renders. */
  body: () => Promise<string | Uint8Array> | string | Uint8Array;
  /** A `Link` header (WebSub discovery), on 200s and 304s alike. */
  link?: string;
  /** Readable from other origins (public feeds): CORS headers on every answer, 304s included. */
  crossOrigin?: boolean;
}

const encoder = new TextEncoder();

/**
 * A cacheable GET/HEAD answer: validators and caching headers on every response, and a
 * bodiless 304 (RFC 9110 §15.4.5) repeating them when the request's preconditions match.
 * With compression on (./compression.ts), the negotiated encoding is its own
 * representation: its own strong ETag, compared and sent as such.
 */
export async function respond(c: Context, r: Representation): Promise<Response> {
  const compression = isCompressible(r.contentType) ? negotiatedCompression(c) : undefined;
  const coding = compression?.coding;
  const etag = encodedEtag(r.etag, coding);
  const headers: Record<string, string> = {
    ...(r.crossOrigin ? CROSS_ORIGIN : {}),
    ETag: etag,
    'Last-Modified': httpLastModified(r.lastModified, r.now).toUTCString(),
    'Cache-Control': r.cacheControl,
    Vary: [...(r.vary ?? []), 'Accept-Encoding'].join(', '),
  };
  if (r.link) headers.Link = r.link;
  const preconditions = {
    ifNoneMatch: c.req.header('If-None-Match'),
    ifModifiedSince: c.req.header('If-Modified-Since'),
  };
  if (notModified(preconditions, { etag, lastModified: r.lastModified })) return c.body(null, 304, headers);
  const rendered = await r.body();
  let body = typeof rendered === 'string' ? encoder.encode(rendered) : rendered;
  if (coding && compression) {
    body = compression.compressor.compress(body, coding, etag);
    headers['Content-Encoding'] = coding;
  }
  // Explicit, so that HEAD (answered from this GET without its body) says it too (RFC 9110 §9.3.2).
  headers['Content-Length'] = String(body.byteLength);
  // Bytes from the caches go out as they are; TextEncoder's and zlib's output is backed by a plain ArrayBuffer.
  return c.body(body as Uint8Array<ArrayBuffer>, 200, {
    ...headers,
    ...r.headers,
    'Content-Type': r.contentType,
  });
}
