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
    const since = Date.parse(headers.ifModifiedSince);
    // HTTP dates have whole seconds; an invalid date is ignored (§13.1.3).
    return !Number.isNaN(since) && Math.floor(current.lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
