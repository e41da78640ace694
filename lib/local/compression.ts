import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createMiddleware } from 'hono/factory';

/**
 * gzip and Brotli for the local server (on AWS, CloudFront compresses). Feeds carry a
 * strong ETag per version, so each compressed variant is made once and kept, keyed by
 * ETag and encoding: an unchanged feed is never compressed twice.
 */
const COMPRESSIBLE = /^(application\/(rss|atom|feed|problem)\+(xml|json)|application\/json|text\/)/;
const MIN_BYTES = 1024;
const MAX_ENTRIES = 500;

type Encoding = 'br' | 'gzip';

/** The client's preferred encoding we can produce: br over gzip, honouring q=0. */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const quality = (e: Encoding) => accepted.get(e) ?? accepted.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((e) => quality(e) > 0).sort((a, b) => quality(b) - quality(a))[0];
}

export function compression() {
  const cache = new Map<string, Uint8Array>();
  return createMiddleware(async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type') ?? '';
    if (res.status !== 200 || !COMPRESSIBLE.test(type) || res.headers.has('Content-Encoding')) return;
    if (!/accept-encoding/i.test(res.headers.get('Vary') ?? ''))
      res.headers.append('Vary', 'Accept-Encoding');
    const encoding = negotiateEncoding(c.req.header('Accept-Encoding'));
    if (!encoding) return;
    const etag = res.headers.get('ETag');
    const key = etag ? `${encoding} ${etag}` : undefined;
    let body = key ? cache.get(key) : undefined;
    if (!body) {
      const raw = Buffer.from(await res.clone().arrayBuffer());
      if (raw.length < MIN_BYTES) return;
      body =
        encoding === 'br'
          ? brotliCompressSync(raw, {
              params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
            })
          : gzipSync(raw, { level: 6 });
      if (key) {
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
        cache.set(key, body);
      }
    }
    const headers = new Headers(res.headers);
    headers.set('Content-Encoding', encoding);
    headers.delete('Content-Length');
    // As nginx does: the compressed bytes differ, so the tag becomes weak (RFC 9110 §8.8.3),
    // and If-None-Match still matches it by weak comparison.
    if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
    c.res = new Response(body, { status: res.status, headers });
  });
}
