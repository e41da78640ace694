import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { WIDGET_SOURCE } from '../../lib/embed/headlines-widget';
import { WIDGET_VERSIONED_PATH } from '../../lib/http/embed-app';
import { anEmbedApp } from './support';

/** `/embed.js`, the `<wirefeed-headlines>` widget: how it is served, and what it may contain. */

const t = await anEmbedApp();
afterAll(() => t.close());

/** 5 KB gzipped, counted in bytes of what a browser downloads. */
const BUDGET_GZIPPED_BYTES = 5_000;

describe('GET /embed.js', () => {
  it('serves the widget as JavaScript, cacheable for an hour, to any origin', async () => {
    // Act
    const res = await t.get('/embed.js', { headers: { Origin: 'https://partner.example' } });
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(WIDGET_SOURCE);
  });

  it('tags it with a strong ETag that is a hash of the bytes, and names the versioned URL after it', async () => {
    const res = await t.get('/embed.js');
    const hash = createHash('sha256')
      .update(await res.text())
      .digest('hex')
      .slice(0, 16);
    expect(res.headers.get('etag')).toBe(`"${hash}"`);
    expect(WIDGET_VERSIONED_PATH).toBe(`/embed/v/${hash}.js`);
  });

  it('answers 304 without a body to If-None-Match, strong or weakened by a CDN', async () => {
    const etag = (await t.get('/embed.js')).headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await t.get('/embed.js', { headers: { 'If-None-Match': ifNoneMatch } });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toMatch(/max-age=3600/);
    }
    const changed = await t.get('/embed.js', { headers: { 'If-None-Match': '"an-older-version"' } });
    expect(changed.status).toBe(200);
  });

  it('ignores If-Modified-Since, since it sends no Last-Modified to compare with', async () => {
    const res = await t.get('/embed.js', { headers: { 'If-Modified-Since': new Date().toUTCString() } });
    expect(res.status).toBe(200);
    expect(res.headers.has('last-modified')).toBe(false);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await t.get('/embed.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('');
  });

  it(`stays within the budget: ${BUDGET_GZIPPED_BYTES} bytes gzipped`, async () => {
    const served = Buffer.from(await (await t.get('/embed.js')).arrayBuffer());
    const gzipped = gzipSync(served, { level: 9 }).length;
    expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIPPED_BYTES);
  });
});

describe('GET /embed/v/{hash}.js', () => {
  it('serves the same bytes as immutable, cacheable for a year', async () => {
    const res = await t.get(WIDGET_VERSIONED_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('etag')).toBe((await t.get('/embed.js')).headers.get('etag'));
    expect(await res.text()).toBe(WIDGET_SOURCE);
  });

  it.each([
    '/embed/v/0000000000000000.js',
    '/embed/v/latest.js',
    WIDGET_VERSIONED_PATH.replace('.js', '.mjs'),
  ])('answers %s with a 404 problem naming the current version', async (path) => {
    const res = await t.get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const problem = (await res.json()) as { status: number; detail: string };
    expect(problem.status).toBe(404);
    expect(problem.detail).toContain(WIDGET_VERSIONED_PATH);
  });
});

describe('the widget source', () => {
  it('is valid JavaScript that only defines the element', () => {
    // Compiling it as a function body checks the syntax without running it (no DOM here).
    expect(() => new Function(WIDGET_SOURCE)).not.toThrow();
    expect(WIDGET_SOURCE).toContain("customElements.define('wirefeed-headlines'");
    expect(WIDGET_SOURCE).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('never parses markup from strings, never evaluates code, never logs errors', () => {
    // Feed data goes into the DOM through textContent and setAttribute only.
    expect(WIDGET_SOURCE).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser/);
    expect(WIDGET_SOURCE).not.toMatch(/\beval\(|new Function|setTimeout\(\s*['"]/);
    // A partner's console stays clean: a feed that fails to load is a warning at most.
    expect(WIDGET_SOURCE).not.toMatch(/console\.error/);
  });
});
