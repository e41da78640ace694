// CloudFront Function (cloudfront-js-2.0), viewer request, on the feeds behavior.
//
// A feed URL answers people with an HTML page and readers with the feed. This makes the
// decision lib/http/view.ts `wantsPage` makes, from the same two viewer headers, and sends
// it on as `x-wirefeed-view: page|feed`, always replacing what the viewer sent. The cache
// key holds that header instead of Accept, so each URL has two cached variants, not one per
// browser's Accept string; the origin trusts the header when present.
//
// Keep the two in step: tests/infra/view-variant.test.ts runs this file in Node against
// `wantsPage` on a table of real clients' headers. The runtime is ES 5.1 plus a few later
// features (const/let, arrow functions, template literals): no imports, no destructuring,
// no optional chaining, no `??`. CloudFront calls `handler` by name.

const FEED_TYPES = [
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/xml',
  'text/xml',
  'application/json',
];

// The q-value `accept` gives `type` (RFC 9110 §12.5.1), from its most specific matching range.
function quality(accept, type) {
  const major = type.split('/')[0];
  let bestSpecificity = -1;
  let bestQ = 0;
  const parts = accept.split(',');
  for (let i = 0; i < parts.length; i++) {
    const params = parts[i].trim().toLowerCase().split(';');
    const range = params[0].trim();
    let q = 1;
    for (let j = 1; j < params.length; j++) {
      const param = params[j].trim();
      if (param.startsWith('q=')) {
        q = Number(param.slice(2));
        break;
      }
    }
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity > bestSpecificity && !Number.isNaN(q)) {
      bestSpecificity = specificity;
      bestQ = q;
    }
  }
  return bestQ;
}

// A page needs a navigation (Sec-Fetch-Dest: document, sent only by browsers) AND an Accept
// ranking text/html above every feed type: some fetchers copy a browser's Accept.
function wantsPage(secFetchDest, accept) {
  if (secFetchDest.toLowerCase() !== 'document') return false;
  const html = quality(accept, 'text/html');
  return html > 0 && FEED_TYPES.every((type) => quality(accept, type) < html);
}

function headerValue(headers, name) {
  const header = headers[name];
  return header && typeof header.value === 'string' ? header.value : '';
}

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the function named `handler`.
function handler(event) {
  const request = event.request;
  const secFetchDest = headerValue(request.headers, 'sec-fetch-dest');
  const accept = headerValue(request.headers, 'accept');
  request.headers['x-wirefeed-view'] = { value: wantsPage(secFetchDest, accept) ? 'page' : 'feed' };
  return request;
}
