import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { Compressor, compression, encodedEtag, negotiateEncoding } from '../../lib/http/compression';
import { respond } from '../../lib/http/respond';

describe('Compressor', () => {
  it('compresses a variant once: the same tag gives back the same bytes', () => {
    const compressor = new Compressor();
    const body = new TextEncoder().encode('<rss>'.repeat(1_000));
    const first = compressor.compress(body, 'br', '"v1-br"');
    expect(compressor.compress(body, 'br', '"v1-br"')).toBe(first);
    expect(compressor.compress(body, 'gzip', '"v1-gzip"')).not.toBe(first);
  });

  it('is bounded in bytes, not entries: many distinct large variants never exceed the budget', () => {
    const maxBytes = 1024 * 1024;
    const compressor = new Compressor(maxBytes);
    const kept: Uint8Array[] = [];
    // Incompressible 200 KB bodies, one per distinct `?since=`: 100 of them would be 20 MB.
    for (let i = 0; i < 100; i++)
      kept.push(compressor.compress(randomBytes(200_000), 'gzip', `"since-${i}-gzip"`));
    expect(compressor.bytes).toBeLessThanOrEqual(maxBytes);
    expect(compressor.size).toBeLessThanOrEqual(5);
    // The newest stay: asking again returns the kept bytes.
    expect(compressor.compress(new Uint8Array(), 'gzip', '"since-99-gzip"')).toBe(kept[99]);
  });

  it("counts the memory it keeps: a small variant owns its bytes, not a view of zlib's output chunk", () => {
    const compressor = new Compressor();
    const body = new TextEncoder().encode('<rss><channel></channel></rss>');
    for (const coding of ['br', 'gzip'] as const) {
      const kept = compressor.compress(body, coding, `"empty-${coding}"`);
      expect(kept.buffer.byteLength).toBe(kept.byteLength);
    }
  });
});

describe('negotiateEncoding', () => {
  it.each([
    ['br,gzip', 'br'],
    ['gzip', 'gzip'],
    ['gzip, br;q=0', 'gzip'],
    ['identity', undefined],
    [undefined, undefined],
    ['*', 'br'],
  ])('%s → %s', (accept, coding) => expect(negotiateEncoding(accept)).toBe(coding));
});

describe('the compression middleware', () => {
  const app = new Hono();
  app.use('*', compression());
  const page = 'a'.repeat(4_000);
  app.get('/page', (c) => c.html(page));
  app.get('/api/thing', (c) => c.json({ page }, 200, { ETag: '"write-api"' }));
  app.get('/feed', (c) =>
    respond(c, {
      etag: '"v1"',
      lastModified: new Date('2026-11-26T08:00:00Z'),
      now: new Date('2026-11-26T09:00:00Z'),
      cacheControl: 'public, max-age=300',
      contentType: 'application/atom+xml; charset=utf-8',
      body: () => page,
    }),
  );

  it('compresses answers without validators, uncached', async () => {
    const res = await app.request('/page', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(res.headers.get('Vary')).toContain('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(page);
  });

  it('leaves the write API’s tagged answers alone: their tags go back in If-Match', async () => {
    const res = await app.request('/api/thing', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(res.headers.get('ETag')).toBe('"write-api"');
  });

  it('gives respond()’s representations a tag per encoding', async () => {
    const res = await app.request('/feed', { headers: { 'Accept-Encoding': 'br' } });
    expect(res.headers.get('Content-Encoding')).toBe('br');
    expect(res.headers.get('ETag')).toBe(encodedEtag('"v1"', 'br'));
    expect(res.headers.get('ETag')).toBe('"v1-br"');
    expect((await app.request('/feed')).headers.get('ETag')).toBe('"v1"');
  });
});
