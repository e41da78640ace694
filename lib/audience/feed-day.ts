import { type ClientFamily, INDIVIDUAL_FAMILIES } from './clients';
import { DistinctSketch } from './distinct-sketch';

/** An aggregator's subscriber report: the figure and when it was made (ISO 8601). */
export interface SubscriberReport {
  subscribers: number;
  at: string;
}

/**
 * One feed's audience on one UTC day, from one batch of requests (a log file, a flush of
 * the local server) or, merged, from all of them. Everything in it adds up across
 * batches except `aggregators` (the latest report wins) and `readers` (a union).
 */
export interface FeedDay {
  requests: number;
  /** 200 and 206 answers. */
  ok: number;
  /** 304 answers. */
  notModified: number;
  bytes: number;
  /** Requests per client family. */
  families: Partial<Record<ClientFamily, number>>;
  /** Requests per known client name (from lib/audience/clients.ts) or `other`. */
  clients: Record<string, number>;
  /** Requests per partner key id. */
  partners: Record<string, number>;
  /** Each aggregator's latest subscriber report of the day. */
  aggregators: Record<string, SubscriberReport>;
  /** Distinct individual clients per family, by keyed hash. */
  readers: Partial<Record<ClientFamily, DistinctSketch>>;
}

export function emptyFeedDay(): FeedDay {
  return {
    requests: 0,
    ok: 0,
    notModified: 0,
    bytes: 0,
    families: {},
    clients: {},
    partners: {},
    aggregators: {},
    readers: {},
  };
}

function addCounts<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>) {
  for (const [key, n] of Object.entries(from) as [K, number][]) into[key] = (into[key] ?? 0) + n;
}

/** A later report replaces an earlier one; at the same instant the larger figure stays (so the order of merging never matters). */
export function isNewer(report: SubscriberReport, than: SubscriberReport | undefined): boolean {
  if (!than) return true;
  if (report.at !== than.at) return report.at > than.at;
  return report.subscribers > than.subscribers;
}

/** Adds `from` into `into` (mutating it). */
export function mergeFeedDay(into: FeedDay, from: FeedDay): FeedDay {
  into.requests += from.requests;
  into.ok += from.ok;
  into.notModified += from.notModified;
  into.bytes += from.bytes;
  addCounts(into.families, from.families);
  addCounts(into.clients, from.clients);
  addCounts(into.partners, from.partners);
  for (const [name, report] of Object.entries(from.aggregators)) {
    if (isNewer(report, into.aggregators[name])) into.aggregators[name] = { ...report };
  }
  for (const [family, sketch] of Object.entries(from.readers) as [ClientFamily, DistinctSketch][]) {
    const mine = into.readers[family] ?? new DistinctSketch();
    mine.merge(sketch);
    into.readers[family] = mine;
  }
  return into;
}

/** The figures a person reads: counts instead of sketches, and the subscriber total. */
export interface FeedDaySummary {
  requests: number;
  ok: number;
  notModified: number;
  bytes: number;
  /** Aggregators' latest reports plus distinct reader apps and newsletter tools. */
  subscribers: number;
  /** Each aggregator's latest report. */
  aggregators: Record<string, number>;
  /** Distinct individual clients per family. */
  readers: Partial<Record<ClientFamily, number>>;
  families: Partial<Record<ClientFamily, number>>;
  clients: Record<string, number>;
  partners: Record<string, number>;
}

export function summarizeFeedDay(day: FeedDay): FeedDaySummary {
  const aggregators = Object.fromEntries(
    Object.entries(day.aggregators).map(([name, r]) => [name, r.subscribers]),
  );
  const readers = Object.fromEntries(
    Object.entries(day.readers).map(([family, sketch]) => [family, sketch.count()]),
  ) as Partial<Record<ClientFamily, number>>;
  const subscribers =
    Object.values(aggregators).reduce((n, s) => n + s, 0) +
    INDIVIDUAL_FAMILIES.reduce((n, f) => n + (readers[f] ?? 0), 0);
  return {
    requests: day.requests,
    ok: day.ok,
    notModified: day.notModified,
    bytes: day.bytes,
    subscribers,
    aggregators,
    readers,
    families: { ...day.families },
    clients: { ...day.clients },
    partners: { ...day.partners },
  };
}
