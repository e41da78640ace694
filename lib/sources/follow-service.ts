import type { Publishing } from '../articles/publishing';
import { mapSource } from '../cli/import/map-source';
import type { MappedEntry } from '../cli/import/mapped-entry';
import { parseSource } from '../cli/import/parse-source';
import { decodeSource } from '../cli/import/read-source';
import { NotFoundError, ValidationError } from '../errors';
import { isWordPressPosts, mapWordPressPosts } from './map-wordpress';
import { backoffSeconds, type Source } from './source';
import type { SourceStore } from './source-store';

/**
 * Following a publisher's existing feed: poll it on a schedule with conditional
 * requests, map it exactly as `wirefeed import` does (same ids, so an article imported
 * by hand and then followed is one article), and PUT each entry — a replay of stored
 * content writes nothing. A failing source keeps what it last gave and is retried with
 * backoff. State lives in the table, so any process (the local timer, a scheduled
 * Lambda) can run the due polls.
 */

export interface FollowDeps {
  sources: SourceStore;
  publishing: Pick<Publishing, 'putArticle' | 'deleteArticle'>;
  now: () => Date;
  fetch?: typeof fetch;
  /** Per poll, answer included. @default 20 s */
  timeoutMs?: number;
  /** Larger answers are refused. @default 10 MiB */
  maxBytes?: number;
  /** Refuses a URL before it is fetched (SSRF guard on AWS); returns the reason. */
  refuseUrl?: (url: URL) => Promise<string | undefined>;
}

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';
const USER_AGENT = 'wirefeed-follow/0.1 (+https://github.com/wirefeed/wirefeed)';
/** How long a claimed poll may take before another poller may take the source over. */
const LEASE_SECONDS = 120;

/** WordPress REST JSON (a posts array), else any feed `wirefeed import` reads, mapped the same way. */
function mapAny(text: string): { entries: MappedEntry[]; gone: string[] } {
  if (text.trimStart().startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (isWordPressPosts(value)) return mapWordPressPosts(value, undefined);
  }
  return { entries: mapSource(parseSource(text), {}), gone: [] };
}

const iso = (date: Date, plusSeconds = 0) => new Date(date.getTime() + plusSeconds * 1000).toISOString();

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('Content-Length'));
  if (declared > maxBytes) throw new Error(`the answer is larger than ${maxBytes} bytes`);
  const parts: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array();
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new Error(`the answer is larger than ${maxBytes} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts, total);
}

const describe = (error: unknown) => {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  return (err.cause?.code ?? err.cause?.message ?? err.message ?? String(error)).slice(0, 300);
};

export function createFollowService({
  sources,
  publishing,
  now,
  fetch: fetchImpl = fetch,
  timeoutMs = 20_000,
  maxBytes = 10 * 1024 * 1024,
  refuseUrl = async () => undefined,
}: FollowDeps) {
  /** Fetches and upserts; throws on any failure (the caller records it). */
  async function poll(source: Source): Promise<Partial<Source>> {
    const url = new URL(source.url);
    const refused = await refuseUrl(url);
    if (refused) throw new Error(refused);
    const headers: Record<string, string> = { Accept: ACCEPT, 'User-Agent': USER_AGENT };
    if (source.etag) headers['If-None-Match'] = source.etag;
    if (source.lastModified) headers['If-Modified-Since'] = source.lastModified;
    // No redirects followed blindly: a redirect could point past the SSRF guard.
    const response = await fetchImpl(url, {
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 304) {
      await response.body?.cancel();
      return {
        lastCounts: {
          created: 0,
          updated: 0,
          unchanged: source.lastCounts?.unchanged ?? 0,
          rejected: 0,
          removed: 0,
        },
      };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`GET ${source.url} answered ${response.status} ${response.statusText}`.trimEnd());
    }
    const text = decodeSource(await readCapped(response, maxBytes));
    const { entries: mapped, gone } = mapAny(text);
    const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0, removed: 0 };
    for (const id of gone) {
      try {
        await publishing.deleteArticle(id);
        counts.removed++;
      } catch (error) {
        // Already gone (or never imported): nothing to do, nothing written.
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    for (const entry of mapped) {
      if (!entry.ok) {
        counts.rejected++;
        continue;
      }
      try {
        const result = await publishing.putArticle(entry.id, entry.article);
        counts[result.created ? 'created' : result.changed ? 'updated' : 'unchanged']++;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        counts.rejected++;
      }
    }
    return {
      etag: response.headers.get('ETag') ?? undefined,
      lastModified: response.headers.get('Last-Modified') ?? undefined,
      lastCounts: counts,
    };
  }

  return {
    /** Polls every due source once (claimed first, so two pollers never poll one together). */
    async runDue(): Promise<Array<{ id: string; ok: boolean }>> {
      const at = now();
      const due = (await sources.list()).filter((s) => s.nextRunAt <= iso(at));
      const results: Array<{ id: string; ok: boolean }> = [];
      for (const source of due) {
        if (!(await sources.claim(source.id, source.nextRunAt, iso(at, LEASE_SECONDS)))) continue;
        try {
          const state = await poll(source);
          await sources.record(source.id, {
            ...state,
            lastRunAt: iso(at),
            lastSuccessAt: iso(at),
            lastError: undefined,
            failures: 0,
            nextRunAt: iso(at, source.everySeconds),
          });
          results.push({ id: source.id, ok: true });
        } catch (error) {
          const failures = source.failures + 1;
          await sources.record(source.id, {
            lastRunAt: iso(at),
            lastError: describe(error),
            failures,
            nextRunAt: iso(at, backoffSeconds(source.everySeconds, failures)),
          });
          results.push({ id: source.id, ok: false });
        }
      }
      return results;
    },
  };
}

export type FollowService = ReturnType<typeof createFollowService>;
