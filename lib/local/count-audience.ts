import { getConnInfo } from '@hono/node-server/conninfo';
import { createMiddleware } from 'hono/factory';
import type { AudienceRecorder } from '../audience/audience-recorder';
import { countedFeed, partnerOfQuery } from '../audience/hit';
import { bearerCredential, keyIdOf } from '../auth/api-key';

/** Bytes of the body sent: the header when set, else measured on a copy (the client reads the original). */
async function bodySize(res: Response, method: string): Promise<number> {
  // A HEAD sends no body, though it carries GET's Content-Length (RFC 9110 §9.3.2).
  if (method === 'HEAD' || !res.body) return 0;
  const header = res.headers.get('Content-Length');
  if (header !== null && Number.isFinite(Number(header))) return Number(header);
  return (await res.clone().arrayBuffer()).byteLength;
}

/**
 * The local server counts its own requests, as CloudFront's logs count them on AWS: after
 * the response is made, one hit (path, status, body bytes, User-Agent, peer address, the
 * partner id of a key or token) goes to the recorder, which keeps nothing of the address
 * but a keyed hash. It comes before compression, so it measures the bytes sent.
 */
export function countAudience(recorder: AudienceRecorder, now: () => Date) {
  return createMiddleware(async (c, next) => {
    const at = now();
    await next();
    const url = new URL(c.req.url);
    const request = { method: c.req.method, path: url.pathname, status: c.res.status };
    // Only feed requests count: nothing more is read for the API, admin and page requests.
    if (!countedFeed(request)) return;
    const bearer = bearerCredential(c.req.header('Authorization'));
    const hit = {
      ...request,
      at,
      userAgent: c.req.header('User-Agent') ?? '',
      address: getConnInfo(c).remote.address ?? '',
      partnerId: (bearer && keyIdOf(bearer)) || partnerOfQuery(url.searchParams),
    };
    recorder.record(bodySize(c.res, c.req.method).then((bytes) => ({ ...hit, bytes })));
  });
}
