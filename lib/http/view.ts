/**
 * Who is asking: a person opening a feed URL in a browser gets an HTML page about the
 * feed; everything else — feed readers, fetchers, scripts, the widget — gets the feed.
 *
 * Some feed fetchers send browser-like `Accept` headers, so `Accept` alone is not
 * enough: the page needs `Sec-Fetch-Dest: document` (sent only by browsers, only for
 * top-level navigations and frames) AND an `Accept` that ranks text/html above every
 * feed type. CloudFront computes the same answer at the edge (the view-variant viewer
 * function in infra/) and sends it as `X-Wirefeed-View`, so its cache holds two
 * variants, not one per Accept string; the origin trusts that header when present.
 */
export const VIEW_HEADER = 'X-Wirefeed-View';

const FEED_TYPES = [
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/xml',
  'text/xml',
  'application/json',
];

/** The q-value `accept` gives `type` (RFC 9110 §12.5.1), from its most specific matching range. */
export function quality(accept: string, type: string): number {
  const [major] = type.split('/');
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(',')) {
    const [rawRange = '', ...params] = part.trim().toLowerCase().split(';');
    // RFC 9110 allows whitespace before ";": "text/html ;q=1".
    const range = rawRange.trim();
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity > best.specificity && !Number.isNaN(q)) best = { specificity, q };
  }
  return best.q;
}

export function wantsPage(headers: { view?: string; secFetchDest?: string; accept?: string }): boolean {
  if (headers.view === 'page') return true;
  if (headers.view === 'feed') return false;
  if (headers.secFetchDest?.toLowerCase() !== 'document') return false;
  const accept = headers.accept ?? '';
  const html = quality(accept, 'text/html');
  return html > 0 && FEED_TYPES.every((t) => quality(accept, t) < html);
}
