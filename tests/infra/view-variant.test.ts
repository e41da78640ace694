import { readFileSync, statSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { VIEW_VARIANT_SOURCE } from '../../infra/constructs/feeds-cdn';
import { VIEW_HEADER, wantsPage } from '../../lib/http/view';

/**
 * The CloudFront viewer-request function (infra/functions/view-variant.js) and the
 * origin's `wantsPage` (lib/http/view.ts) must make the same decision, or the cache
 * would hold a page where a reader expects the feed. The very file CloudFront gets runs
 * here in a fresh V8 context (no Node globals, strict mode, as CloudFront runs it) on
 * CloudFront's event shape, beside `wantsPage`, over one table of real clients' headers.
 */

type Headers = Record<string, { value: string }>;

interface CloudFrontRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string }>;
  headers: Headers;
  cookies: Record<string, { value: string }>;
}

interface ViewerRequestEvent {
  version: '1.0';
  context: {
    distributionDomainName: string;
    distributionId: string;
    eventType: 'viewer-request';
    requestId: string;
  };
  viewer: { ip: string };
  request: CloudFrontRequest;
}

type Handler = (event: ViewerRequestEvent) => CloudFrontRequest;

const SOURCE = readFileSync(VIEW_VARIANT_SOURCE, 'utf8');

function loadHandler(): Handler {
  const context = createContext({});
  runInContext(`'use strict';\n${SOURCE}`, context, { filename: VIEW_VARIANT_SOURCE });
  return context.handler as Handler;
}

/** A viewer request as CloudFront hands it to the function: header names lowercase, values in `{ value }`. */
function viewerRequest(headers: Record<string, string>, uri = '/rss.xml'): ViewerRequestEvent {
  return {
    version: '1.0',
    context: {
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'viewer-request',
      requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
    },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: 'GET',
      uri,
      querystring: { limit: { value: '10' } },
      headers: Object.fromEntries(
        Object.entries({ host: 'feeds.example.org', ...headers }).map(([name, value]) => [
          name.toLowerCase(),
          { value },
        ]),
      ),
      cookies: {},
    },
  };
}

const CHROME_NAVIGATION =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';
const FIREFOX_NAVIGATION =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/png,image/svg+xml,*/*;q=0.8';
const SAFARI_NAVIGATION = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Request headers as clients send them, and whether each should get the page. */
const CLIENTS: { client: string; headers: Record<string, string>; page: boolean }[] = [
  {
    client: 'Chrome, typing the feed URL',
    headers: {
      'Sec-Fetch-Dest': 'document',
      'Sec-Fetch-Mode': 'navigate',
      'Sec-Fetch-Site': 'none',
      Accept: CHROME_NAVIGATION,
    },
    page: true,
  },
  {
    client: 'Firefox, following a link',
    headers: { 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Mode': 'navigate', Accept: FIREFOX_NAVIGATION },
    page: true,
  },
  {
    client: 'Safari navigation',
    headers: { 'Sec-Fetch-Dest': 'document', Accept: SAFARI_NAVIGATION },
    page: true,
  },
  { client: 'newsboat', headers: { 'User-Agent': 'newsboat/2.36', Accept: '*/*' }, page: false },
  { client: 'curl', headers: { 'User-Agent': 'curl/8.5.0', Accept: '*/*' }, page: false },
  {
    client: 'Feedly',
    headers: {
      'User-Agent': 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers)',
      Accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8',
    },
    page: false,
  },
  {
    // Copies a browser's Accept but is no browser: no Sec-Fetch-Dest.
    client: 'a browser-like fetcher',
    headers: { 'User-Agent': 'Mozilla/5.0 (compatible; FeedFetcher)', Accept: SAFARI_NAVIGATION },
    page: false,
  },
  {
    // The widget's fetch() from a partner's page: a browser, but not a document.
    client: 'the widget fetching from script',
    headers: { 'Sec-Fetch-Dest': 'empty', 'Sec-Fetch-Mode': 'cors', Accept: '*/*' },
    page: false,
  },
  {
    client: 'the feed in an iframe',
    headers: { 'Sec-Fetch-Dest': 'iframe', Accept: CHROME_NAVIGATION },
    page: false,
  },
  {
    // E.g. a reader extension asking the browser for RSS.
    client: 'a navigation whose Accept prefers RSS',
    headers: { 'Sec-Fetch-Dest': 'document', Accept: 'application/rss+xml,text/html;q=0.5' },
    page: false,
  },
  // The Accept parser's corners, where two implementations could drift apart.
  {
    // RFC 9110 allows whitespace before the parameters.
    client: 'a navigation with spaces before ";q="',
    headers: { 'Sec-Fetch-Dest': 'document', Accept: 'text/html ;q=1, application/xml ;q=0.9' },
    page: true,
  },
  { client: 'a navigation without Accept', headers: { 'Sec-Fetch-Dest': 'document' }, page: false },
  {
    client: 'a navigation accepting */* only (a tie)',
    headers: { 'Sec-Fetch-Dest': 'document', Accept: '*/*' },
    page: false,
  },
  {
    client: 'Sec-Fetch-Dest and Accept in odd case, with spaces around ranges',
    headers: { 'Sec-Fetch-Dest': 'Document', Accept: ' TEXT/HTML;Q=1 , application/rss+xml;q=0.2' },
    page: true,
  },
  {
    client: 'text/html refused with q=0',
    headers: { 'Sec-Fetch-Dest': 'document', Accept: 'text/html;q=0, */*;q=0.1' },
    page: false,
  },
  {
    // text/* also ranks text/xml, a feed type, as high as text/html.
    client: 'text/* above RSS (text/xml ties)',
    headers: { 'Sec-Fetch-Dest': 'document', Accept: 'text/*;q=0.9, application/rss+xml;q=0.5' },
    page: false,
  },
  {
    client: 'a malformed q-value (the range is skipped)',
    headers: { 'Sec-Fetch-Dest': 'document', Accept: 'text/html;q=high, */*;q=0.1' },
    page: false,
  },
  {
    client: 'a malformed q-value on a feed type (that range is skipped)',
    headers: { 'Sec-Fetch-Dest': 'document', Accept: 'text/html, application/rss+xml;q=high' },
    page: true,
  },
  {
    client: 'the most specific range wins over an earlier wildcard',
    headers: { 'Sec-Fetch-Dest': 'document', Accept: '*/*;q=0.9, text/html;q=0.5, application/*;q=0.1' },
    page: false,
  },
];

describe('the view-variant CloudFront Function', () => {
  const handler = loadHandler();

  it.each(CLIENTS)('$client: page $page, at the edge and at the origin', ({ headers, page }) => {
    const secFetchDest = headers['Sec-Fetch-Dest'];
    const accept = headers.Accept;

    const view = handler(viewerRequest(headers)).headers[VIEW_HEADER.toLowerCase()]?.value;

    expect(view).toBe(page ? 'page' : 'feed');
    expect(wantsPage({ secFetchDest, accept })).toBe(page);
    // What the origin then does with the header CloudFront forwards.
    expect(wantsPage({ view, secFetchDest, accept })).toBe(page);
  });

  it('replaces whatever X-Wirefeed-View the viewer sent', () => {
    const curl = viewerRequest({ Accept: '*/*', [VIEW_HEADER]: 'page' });
    const chrome = viewerRequest({
      'Sec-Fetch-Dest': 'document',
      Accept: CHROME_NAVIGATION,
      [VIEW_HEADER]: 'feed',
    });

    expect(handler(curl).headers[VIEW_HEADER.toLowerCase()]).toEqual({ value: 'feed' });
    expect(handler(chrome).headers[VIEW_HEADER.toLowerCase()]).toEqual({ value: 'page' });
  });

  it('returns the request with nothing else changed', () => {
    const event = viewerRequest({ Accept: '*/*', Authorization: 'Bearer wfk_abc' }, '/tags/climate/atom.xml');
    const before = structuredClone(event.request);

    const request = handler(event);

    expect(request).toEqual({
      ...before,
      headers: { ...before.headers, [VIEW_HEADER.toLowerCase()]: { value: 'feed' } },
    });
  });

  it("is a plain script within CloudFront's 10 KB, using nothing its runtime lacks", () => {
    const code = SOURCE.replace(/^\s*\/\/.*$/gm, '');

    expect(statSync(VIEW_VARIANT_SOURCE).size).toBeLessThanOrEqual(10_240);
    expect(code).toMatch(/^function handler\(event\) \{$/m);
    // No modules, no Node, and none of the ES2020 syntax cloudfront-js-2.0 does not parse.
    expect(code).not.toMatch(/\b(import|export|require|process|Buffer)\b/);
    expect(code).not.toMatch(/\?\.|\?\?/);
  });
});
