import { cors } from 'hono/cors';

/**
 * The one CORS policy: public GETs (feeds, OPML, the embed widget and pages) are
 * readable from any origin; the write API is not. No credentials, so `*` is safe.
 */

/**
 * On every public answer, 304s and errors included (Fetch standard). Set as plain headers
 * by respond() rather than by middleware that rebuilds every response — at polling rates
 * that rebuild was a third of a 304's cost.
 */
export const CROSS_ORIGIN = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag,Last-Modified,Link',
};

/**
 * hono's CORS middleware with the same policy, for preflights (conditional GETs, partner
 * keys in `Authorization`; cached a day) and for routes that answer through `c.body`.
 */
export const publicCors = () =>
  cors({
    origin: CROSS_ORIGIN['Access-Control-Allow-Origin'],
    allowMethods: ['GET', 'HEAD', 'OPTIONS'],
    allowHeaders: ['If-None-Match', 'If-Modified-Since', 'Authorization'],
    exposeHeaders: CROSS_ORIGIN['Access-Control-Expose-Headers'].split(','),
    maxAge: 86_400,
  });

/** A response readable cross-origin, whatever built it (errors too). */
export function readableAnywhere(res: Response): Response {
  for (const [name, value] of Object.entries(CROSS_ORIGIN)) res.headers.set(name, value);
  return res;
}
