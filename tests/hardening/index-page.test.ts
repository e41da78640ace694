import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
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

describe('the local server address', () => {
  it('is loopback unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});
