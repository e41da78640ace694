import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { RenderCache } from '../feeds/render-cache';

/**
 * gzip and Brotli, in the functions on AWS and on the local server alike: CloudFront
 * does not compress `application/atom+xml` or `application/feed+json`, so we do, and
 * CloudFront caches what we send (its cache policy forwards a normalized
 * `Accept-Encoding`: `br,gzip`, `gzip` or nothing).
 *
 * Responses with validators (feeds, OPML, embeds: see ./respond.ts) are encoded there,
 * because each encoding is its own representation with its own strong ETag
 * (RFC 9110 §8.8.3: `"…-br"`, `"…-gzip"`), and a 304 must compare against the tag of the
 * encoding it would send. Their compressed bytes are kept by that tag in a cache bounded
 * in bytes, so an unchanged feed is compressed once per encoding. Other compressible
 * answers without validators (the index page, problems, documents) are compressed here,
 * uncached. Responses that carry an ETag but were not encoded by respond() — the write
 * API's, whose tags clients send back in `If-Match` — are left as they are.
 */
export type ContentCoding = 'br' | 'gzip';

const COMPRESSIBLE =
  /^(application\/(rss|atom|feed|problem)\+(xml|json)|application\/(json|javascript)|text\/)/;
/** Below this, the headers cost more than compression saves (uncached answers only). */
const MIN_BYTES = 1024;
/** @default budget for compressed variants per instance (Lambda or local server). */
export const COMPRESSION_CACHE_BYTES = 16 * 1024 * 1024;

/** The client's preferred coding we can produce: br over gzip, honouring q=0 (RFC 9110 §12.5.3). */
export function negotiateEncoding(acceptEncoding: string | undefined): ContentCoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const quality = (e: ContentCoding) => accepted.get(e) ?? accepted.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((e) => quality(e) > 0).sort((a, b) => quality(b) - quality(a))[0];
}

export const isCompressible = (contentType: string) => COMPRESSIBLE.test(contentType);

/** The entity tag of one encoding of a representation: `"abc"` → `"abc-br"`. */
export const encodedEtag = (etag: string, coding: ContentCoding | undefined) =>
  coding ? `${etag.slice(0, -1)}-${coding}"` : etag;

function encode(body: Uint8Array, coding: ContentCoding): Uint8Array {
  const encoded =
    coding === 'br'
      ? brotliCompressSync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 5,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
          },
        })
      : gzipSync(body, { level: 6 });
  // zlib hands back an output shorter than its 16 KB chunk as a view of that chunk: kept as
  // it is, a 300-byte variant would hold 16 KB while the cache counted 300 (the soak grew
  // without bound that way, docs/performance.md (h)). A copy owns exactly its bytes.
  return encoded.byteLength === encoded.buffer.byteLength ? encoded : new Uint8Array(encoded);
}

/** Compresses bodies, keeping each variant by its entity tag (least recently used go first). */
export class Compressor {
  private readonly cache: RenderCache;

  constructor(maxBytes = COMPRESSION_CACHE_BYTES) {
    this.cache = new RenderCache(maxBytes);
  }

  /** `etag`: the variant's own tag (see encodedEtag): equal tags mean equal bytes. */
  compress(body: Uint8Array, coding: ContentCoding, etag?: string): Uint8Array {
    const cached = etag ? this.cache.get(etag) : undefined;
    if (cached) return cached;
    const compressed = encode(body, coding);
    if (etag) this.cache.set(etag, compressed);
    return compressed;
  }

  /** Variants kept. */
  get size(): number {
    return this.cache.size;
  }

  /** Bytes kept, at most the budget. */
  get bytes(): number {
    return this.cache.bytes;
  }
}

interface Negotiated {
  coding: ContentCoding | undefined;
  compressor: Compressor;
}

declare module 'hono' {
  interface ContextVariableMap {
    compression?: Negotiated;
  }
}

/** What respond() should send for this request: the negotiated coding, if compression is on. */
export const negotiatedCompression = (c: Context): Negotiated | undefined => c.get('compression');

export function compression(compressor = new Compressor()) {
  return createMiddleware(async (c, next) => {
    c.set('compression', { coding: negotiateEncoding(c.req.header('Accept-Encoding')), compressor });
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type') ?? '';
    if (res.status !== 200 || !isCompressible(type) || res.headers.has('Content-Encoding')) return;
    if (res.headers.has('ETag')) return;
    if (!/accept-encoding/i.test(res.headers.get('Vary') ?? ''))
      res.headers.append('Vary', 'Accept-Encoding');
    const coding = c.get('compression')?.coding;
    if (!coding) return;
    const raw = new Uint8Array(await res.clone().arrayBuffer());
    if (raw.byteLength < MIN_BYTES) return;
    const headers = new Headers(res.headers);
    headers.set('Content-Encoding', coding);
    const body = compressor.compress(raw, coding);
    headers.set('Content-Length', String(body.byteLength));
    c.res = new Response(body as Uint8Array<ArrayBuffer>, { status: res.status, headers });
  });
}
