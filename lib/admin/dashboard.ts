import { CLIENT_FAMILIES, INDIVIDUAL_FAMILIES } from '../audience/clients';
import type { StatsReport } from '../audience/stats-service';
import { FEED_FORMATS, type FeedFormat } from '../feeds/feed';

/** What the admin page charts (and tabulates), computed from one stats report. */
export interface Dashboard {
  from: string;
  to: string;
  days: string[];
  /** The feeds with the most subscribers on the last day with figures, each with its subscribers per day. */
  subscribers: { feed: string; label: string; values: number[] }[];
  /** Per client family over the range: requests; and on the last day, subscribers where the family has them. */
  families: { family: string; label: string; requests: number; subscribers: number | null }[];
  /** Feeds by subscribers on the last day with figures. */
  topFeeds: { feed: string; label: string; subscribers: number; requests: number }[];
  /** Partner requests over the range. */
  partners: { id: string; name: string; requests: number }[];
  /** The last day with figures, if any. */
  latestDay?: string;
}

const FAMILY_LABELS: Record<string, string> = {
  aggregator: 'Aggregators',
  reader: 'Reader apps',
  newsletter: 'Newsletter tools',
  partner: 'Partners',
  crawler: 'Search crawlers',
  browser: 'Browsers',
  script: 'Scripts and unknown',
};

/** `category#politics/atom` → `Category politics (Atom)`. */
export function feedLabel(feed: string): string {
  const [scope = '', format = ''] = feed.split('/');
  const [kind = '', slug] = scope.split('#');
  const formatLabel = FEED_FORMATS[format as FeedFormat]?.label ?? format;
  const what = slug ? `${kind[0]?.toUpperCase()}${kind.slice(1)} ${slug}` : 'Whole site';
  return `${what} (${formatLabel})`;
}

const LINES = 6;
const TOP = 10;

export function buildDashboard(report: StatsReport, partnerNames: Map<string, string>): Dashboard {
  const days = report.days.map((d) => d.day);
  const latest = [...report.days].reverse().find((d) => d.feeds.length > 0);
  const topFeeds = (latest?.feeds ?? []).slice(0, TOP).map((f) => ({
    feed: f.feed,
    label: feedLabel(f.feed),
    subscribers: f.subscribers,
    requests: f.requests,
  }));
  const subscribers = topFeeds.slice(0, LINES).map(({ feed, label }) => ({
    feed,
    label,
    values: report.days.map((d) => d.feeds.find((f) => f.feed === feed)?.subscribers ?? 0),
  }));

  const requests = new Map<string, number>();
  const partners = new Map<string, number>();
  for (const day of report.days) {
    for (const f of day.feeds) {
      for (const [family, n] of Object.entries(f.families))
        requests.set(family, (requests.get(family) ?? 0) + (n ?? 0));
      for (const [id, n] of Object.entries(f.partners)) partners.set(id, (partners.get(id) ?? 0) + n);
    }
  }
  const latestSubscribers = (family: string): number | null => {
    if (family === 'aggregator') {
      return (latest?.feeds ?? []).reduce(
        (n, f) => n + Object.values(f.aggregators).reduce((a, b) => a + b, 0),
        0,
      );
    }
    if ((INDIVIDUAL_FAMILIES as readonly string[]).includes(family)) {
      return (latest?.feeds ?? []).reduce((n, f) => n + (f.readers[family as 'reader'] ?? 0), 0);
    }
    return null;
  };
  return {
    from: report.from,
    to: report.to,
    days,
    latestDay: latest?.day,
    subscribers,
    topFeeds,
    families: CLIENT_FAMILIES.map((family) => ({
      family,
      label: FAMILY_LABELS[family] ?? family,
      requests: requests.get(family) ?? 0,
      subscribers: latestSubscribers(family),
    })),
    partners: [...partners]
      .map(([id, n]) => ({ id, name: partnerNames.get(id) ?? id, requests: n }))
      .sort((a, b) => b.requests - a.requests),
  };
}
