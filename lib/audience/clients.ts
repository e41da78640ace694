/**
 * The feed clients we recognise, by User-Agent. Order matters: the first match wins, so
 * specific names come before the generic patterns at the end (a NewsBlur fetcher quotes a
 * Safari User-Agent inside its own; Thunderbird's starts with "Mozilla/5.0").
 *
 * Aggregators fetch once for many people and say how many in their User-Agent
 * (`Feedly/1.0 (+http://www.feedly.com/fetcher.html; 123 subscribers; )`); each of those
 * names is one aggregator whatever its version, so its latest figure per day is kept.
 * Reader apps and self-hosted readers poll from their user's own address; newsletter
 * tools turn a feed into email for a list we cannot see.
 */

export const CLIENT_FAMILIES = [
  'aggregator',
  'reader',
  'newsletter',
  'partner',
  'crawler',
  'browser',
  'script',
] as const;
export type ClientFamily = (typeof CLIENT_FAMILIES)[number];

/** Families whose distinct clients (keyed hash of address and User-Agent) are counted as subscribers. */
export const INDIVIDUAL_FAMILIES: readonly ClientFamily[] = ['reader', 'newsletter'];

export interface KnownClient {
  /** What the admin page shows, and the key of per-client counts: never the raw User-Agent. */
  name: string;
  family: ClientFamily;
  pattern: RegExp;
}

export const KNOWN_CLIENTS: readonly KnownClient[] = [
  // Aggregators that report subscribers.
  { name: 'Feedly', family: 'aggregator', pattern: /\bFeedly(Bot)?\b/i },
  { name: 'Inoreader', family: 'aggregator', pattern: /\binoreader\b/i },
  { name: 'NewsBlur', family: 'aggregator', pattern: /\bNewsBlur\b/i },
  { name: 'Feedbin', family: 'aggregator', pattern: /\bFeedbin\b/i },
  { name: 'The Old Reader', family: 'aggregator', pattern: /\btheoldreader\.com\b/i },
  { name: 'Feedspot', family: 'aggregator', pattern: /\bFeedspot\b/i },
  { name: 'BazQux', family: 'aggregator', pattern: /\bBazQux\b/i },
  { name: 'Netvibes', family: 'aggregator', pattern: /\bNetvibes\b/i },
  { name: 'Feeder', family: 'aggregator', pattern: /\bFeeder\.co\b/i },
  { name: 'Dreamwidth', family: 'aggregator', pattern: /\bDreamwidth Studios\b/ },
  // Newsletter tools (RSS-to-email).
  { name: 'Mailchimp', family: 'newsletter', pattern: /\bMailChimp\b/i },
  { name: 'Buttondown', family: 'newsletter', pattern: /\bButtondown\b/i },
  { name: 'Zapier', family: 'newsletter', pattern: /\bZapier\b/i },
  { name: 'rss2email', family: 'newsletter', pattern: /\brss2email\b/i },
  // Reader apps and self-hosted readers: one person (or household) each.
  { name: 'NetNewsWire', family: 'reader', pattern: /\bNetNewsWire\b/i },
  { name: 'Thunderbird', family: 'reader', pattern: /\bThunderbird\/\d/ },
  { name: 'newsboat', family: 'reader', pattern: /\bnewsboat\/\d/i },
  { name: 'Miniflux', family: 'reader', pattern: /\bMiniflux\b/i },
  { name: 'FreshRSS', family: 'reader', pattern: /\bFreshRSS\b/i },
  { name: 'Tiny Tiny RSS', family: 'reader', pattern: /\bTiny Tiny RSS\b/i },
  { name: 'Reeder', family: 'reader', pattern: /\bReeder\/\d/ },
  { name: 'NewsFlash', family: 'reader', pattern: /\bNewsFlash\b/ },
  { name: 'QuiteRSS', family: 'reader', pattern: /\bQuiteRSS\b/ },
  { name: 'Liferea', family: 'reader', pattern: /\bLiferea\b/ },
  { name: 'Akregator', family: 'reader', pattern: /\bAkregator\b/ },
  { name: 'sfeed', family: 'reader', pattern: /\bsfeed\b/ },
  // Search engines' crawlers.
  { name: 'Googlebot', family: 'crawler', pattern: /\bGooglebot\b|^FeedFetcher-Google\b/i },
  { name: 'Bingbot', family: 'crawler', pattern: /\bbingbot\b/i },
  { name: 'Applebot', family: 'crawler', pattern: /\bApplebot\b/ },
  { name: 'DuckDuckBot', family: 'crawler', pattern: /\bDuckDuckBot\b/ },
  { name: 'YandexBot', family: 'crawler', pattern: /\bYandex(Bot|Blogs)\b/ },
  // Libraries and command-line tools.
  { name: 'curl', family: 'script', pattern: /^curl\// },
  { name: 'Wget', family: 'script', pattern: /^Wget\//i },
  { name: 'python-requests', family: 'script', pattern: /^python-requests\// },
  { name: 'feedparser', family: 'script', pattern: /\bfeedparser\/\d/ },
  { name: 'Go http client', family: 'script', pattern: /^Go-http-client\// },
];

/** Anything else that calls itself a bot is a crawler; a browser says Mozilla and an engine. */
export const GENERIC_CRAWLER = /bot\b|crawler|spider|slurp/i;
export const GENERIC_BROWSER = /^Mozilla\/5\.0 \(.*\) (AppleWebKit|Gecko)\//;

/**
 * The subscriber count an aggregator reports: `123 subscribers`, `1 subscriber`,
 * `2 readers` (Dreamwidth), `Subscriber Count: 12`. Thousands separators allowed; capped
 * so a forged User-Agent cannot claim more than a plausible number.
 */
const REPORTED =
  /(?:\b(\d{1,3}(?:,\d{3})+|\d{1,9})\s+(?:subscribers?|readers?)\b)|(?:\bsubscribers?(?: count)?\s*[:=]\s*(\d{1,9})\b)/i;
const MAX_REPORTED_SUBSCRIBERS = 100_000_000;

export function reportedSubscribers(userAgent: string): number | undefined {
  const match = REPORTED.exec(userAgent);
  const digits = match?.[1] ?? match?.[2];
  if (!digits) return undefined;
  const n = Number(digits.replace(/,/g, ''));
  return Number.isSafeInteger(n) && n <= MAX_REPORTED_SUBSCRIBERS ? n : undefined;
}
