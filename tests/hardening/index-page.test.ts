import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { fitsResponse } from '../../lib/feeds/response-limit';
import { anApp } from '../support/app';
import { anArticleInput } from '../support/fixtures';

const t = await anApp([anArticleInput({ id: 'one' })]);
afterAll(() => t.close());

describe('the index page', () => {
  it('says how long it may be cached, and forbids script, frames and plug-ins', async () => {
    const res = await t.app.request('http://localhost/');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers a repeat visit with 304', async () => {
    const first = await t.app.request('http://localhost/');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"/);
    const again = await t.app.request('http://localhost/', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('the index page of a site with thousands of tags', () => {
  it('fits a Lambda response, keeping the site, categories and authors and as many tags as fit', async () => {
    // Prepare: 1,200 tags whose names escape to ~1 KB each; listed in full the page is ~6 MB.
    const articles = Array.from({ length: 24 }, (_, a) =>
      anArticleInput({
        id: `many-${a}`,
        tags: Array.from({ length: 50 }, (_, i) => `t${a * 50 + i} ${'"'.repeat(190)}`),
      }),
    );
    const big = await anApp(articles);
    try {
      // Act
      const res = await big.app.request('http://localhost/');
      const page = await res.text();
      // Assess
      expect(res.status).toBe(200);
      expect(fitsResponse(page)).toBe(true);
      expect(page).toContain('/categories/politics/rss.xml');
      expect(page).toContain('/authors/aminata-diallo/rss.xml');
      const tags = new Set([...page.matchAll(/\/tags\/(t\d+)\/rss\.xml/g)].map((m) => m[1]));
      expect(tags.size).toBeGreaterThan(500);
      expect(tags.size).toBeLessThan(1_200);
      expect(page).toContain(`${1_200 - tags.size} more feeds do not fit on this page`);
      expect(page).toContain('/feeds.opml');
    } finally {
      await big.close();
    }
  }, 300_000);
});

describe('the local server address', () => {
  it('is loopback unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});
