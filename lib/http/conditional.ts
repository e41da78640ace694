import { parseHttpDate } from './http-date';

/**
 * RFC 9110 §13.1.2 and §13.2.2: does a GET/HEAD with these headers get a 304?
 * If-None-Match takes precedence over If-Modified-Since; it matches `*` or any listed
 * entity tag by weak comparison, so `W/"…"` from a CDN that weakened our tag still matches.
 */
export function notModified(
  headers: { ifNoneMatch?: string; ifModifiedSince?: string },
  current: { etag: string; lastModified: Date },
): boolean {
  if (headers.ifNoneMatch !== undefined) {
    const wanted = opaque(current.etag);
    return headers.ifNoneMatch.split(',').some((tag) => {
      const t = tag.trim();
      return t === '*' || opaque(t) === wanted;
    });
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = parseHttpDate(headers.ifModifiedSince.trim());
    // HTTP dates have whole seconds; anything but an HTTP-date is ignored (§13.1.3).
    return since !== undefined && Math.floor(current.lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);

/**
 * The Last-Modified to send. HTTP dates have whole seconds, so a client that fetched
 * during the second of the last change and revalidates with If-Modified-Since alone
 * would get a 304 for a second change in that same second, which it has never seen.
 * While that second (plus a second's margin for a write whose changedAt was taken just
 * before it committed) is not over, we send the second before it: such a client gets one
 * more full answer, never a wrong 304. After that the date is exact and stays put.
 */
export function httpLastModified(lastModified: Date, now: Date): Date {
  const second = Math.floor(lastModified.getTime() / 1000) * 1000;
  return new Date(now.getTime() < second + 2000 ? second - 1000 : second);
}
