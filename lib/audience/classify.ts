import {
  type ClientFamily,
  GENERIC_BROWSER,
  GENERIC_CRAWLER,
  KNOWN_CLIENTS,
  reportedSubscribers,
} from './clients';

export interface Classification {
  family: ClientFamily;
  /** A name from the client table, `partner`, or `other`: never the User-Agent itself. */
  client: string;
  /** What an aggregator reports for this feed; only aggregators' reports are believed. */
  subscribers?: number;
}

/**
 * Who sent a feed request: a partner (known by the key or token that got it a 200 or
 * 304), a client from the table, or a guess from the User-Agent's shape.
 */
export function classifyClient(userAgent: string, partnerId?: string): Classification {
  if (partnerId) return { family: 'partner', client: 'partner' };
  const known = KNOWN_CLIENTS.find((c) => c.pattern.test(userAgent));
  if (known) {
    const subscribers = known.family === 'aggregator' ? reportedSubscribers(userAgent) : undefined;
    return { family: known.family, client: known.name, ...(subscribers !== undefined && { subscribers }) };
  }
  // An unknown service that announces subscribers is an aggregator all the same (PlainFeeder, BazQux forks…).
  const subscribers = reportedSubscribers(userAgent);
  if (subscribers !== undefined) return { family: 'aggregator', client: 'other', subscribers };
  if (GENERIC_CRAWLER.test(userAgent)) return { family: 'crawler', client: 'other' };
  if (GENERIC_BROWSER.test(userAgent)) return { family: 'browser', client: 'other' };
  return { family: 'script', client: 'other' };
}
