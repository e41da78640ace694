import { describe, expect, it } from 'vitest';
import { classifyClient } from '../../lib/audience/classify';
import { reportedSubscribers } from '../../lib/audience/clients';

/**
 * Real User-Agent strings, as the clients send them (from their documentation, from
 * publishers' logs quoted by Buttondown's RSS subscriber docs and Inoreader's fetcher
 * page, or captured from the Debian packages in tests/audience/real-clients.test.ts).
 */
const REAL_USER_AGENTS: [string, string, string, number | undefined][] = [
  // [User-Agent, family, client, reported subscribers]
  ['Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )', 'aggregator', 'Feedly', 462],
  ['FeedlyBot/1.0 (http://feedly.com)', 'aggregator', 'Feedly', undefined],
  ['Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )', 'aggregator', 'Inoreader', 3],
  ['Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)', 'aggregator', 'Inoreader', 114],
  [
    'NewsBlur Feed Fetcher - 27 subscribers - https://www.newsblur.com/site/7704055/rendezvous-with-cassidoo ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.1 Safari/605.1.15")',
    'aggregator',
    'NewsBlur',
    27,
  ],
  ['Feedbin feed-id:1697787 - 102 subscribers', 'aggregator', 'Feedbin', 102],
  ['Feedbin feed-id:12345 - 1 subscriber', 'aggregator', 'Feedbin', 1],
  [
    'Mozilla/5.0 (compatible; theoldreader.com; 1 subscribers; feed-id=cead6c3a837650eeefd8fe4a)',
    'aggregator',
    'The Old Reader',
    1,
  ],
  [
    'Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 1 subscribers)',
    'aggregator',
    'BazQux',
    1,
  ],
  [
    'Dreamwidth Studios (webmaster@dreamwidth.org; for https://www.dreamwidth.org/users/vikingschoice_feed/; 2 readers)',
    'aggregator',
    'Dreamwidth',
    2,
  ],
  ['PlainFeeder v0.0.1 (+http://plainfeeder.com/about ; Subscriber Count: 12)', 'aggregator', 'other', 12],
  ['NetNewsWire (RSS Reader; https://netnewswire.com/)', 'reader', 'NetNewsWire', undefined],
  [
    'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0',
    'reader',
    'Thunderbird',
    undefined,
  ],
  ['newsboat/2.38.0 (Linux x86_64)', 'reader', 'newsboat', undefined],
  ['Mozilla/5.0 (compatible; Miniflux/2.2.3; +https://miniflux.app)', 'reader', 'Miniflux', undefined],
  ['FreshRSS/1.24.3 (Linux; https://freshrss.org)', 'reader', 'FreshRSS', undefined],
  ['Tiny Tiny RSS/23.04 (Unsupported) (https://tt-rss.org/)', 'reader', 'Tiny Tiny RSS', undefined],
  ['rss2email/3.14 (https://github.com/rss2email/rss2email)', 'newsletter', 'rss2email', undefined],
  [
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'crawler',
    'Googlebot',
    undefined,
  ],
  [
    'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    'crawler',
    'Bingbot',
    undefined,
  ],
  ['Slackbot 1.0 (+https://api.slack.com/robots)', 'crawler', 'other', undefined],
  [
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'browser',
    'other',
    undefined,
  ],
  ['curl/8.11.1', 'script', 'curl', undefined],
  ['python-requests/2.32.3', 'script', 'python-requests', undefined],
  ['feedparser/6.0.10 +https://github.com/kurtmckee/feedparser/', 'script', 'feedparser', undefined],
  ['Go-http-client/1.1', 'script', 'Go http client', undefined],
  ['', 'script', 'other', undefined],
];

describe('classifyClient', () => {
  it('has at least fifteen real User-Agent strings to stand on', () => {
    expect(REAL_USER_AGENTS.length).toBeGreaterThanOrEqual(15);
  });

  for (const [userAgent, family, client, subscribers] of REAL_USER_AGENTS) {
    it(`${family}: ${userAgent.slice(0, 70) || '(no User-Agent)'}`, () => {
      const expected = { family, client, ...(subscribers !== undefined && { subscribers }) };
      expect(classifyClient(userAgent)).toEqual(expected);
    });
  }

  it('names a partner by its key, whatever client it uses', () => {
    expect(classifyClient('curl/8.11.1', 'a1b2c3d4e5f6')).toEqual({ family: 'partner', client: 'partner' });
  });

  it('believes subscriber counts only in the shapes aggregators use, up to a plausible size', () => {
    expect(reportedSubscribers('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 1,234 subscribers; )')).toBe(
      1234,
    );
    expect(reportedSubscribers('Feedly/1.0 (; 99999999999 subscribers; )')).toBeUndefined();
    expect(reportedSubscribers('Feedly/1.0 (; many subscribers; )')).toBeUndefined();
    // A reader app that mentions a number is not reporting an audience.
    expect(classifyClient('NetNewsWire 6.1 (12 subscribers)').subscribers).toBeUndefined();
  });
});
