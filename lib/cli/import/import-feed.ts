import { notWriteApiLine } from '../api-response';
import type { Output } from '../command';
import { EXIT } from '../exit-codes';
import type { ImportDefaults, MappedEntry } from './mapped-entry';
import { forEachBounded } from './pool';
import { createProgress } from './progress';
import type { SourceLimits } from './read-source';
import { createRejectsFile } from './rejects-file';
import { type FinalOutcome, type RetryDeps, withRetries } from './retry';
import { openEntries } from './source-entries';
import type { WriteApi } from './write-api';

/** One `wirefeed import` run: read, detect, map, send, report. Every dependency is passed in. */
export interface ImportRun {
  source: string;
  cwd: string;
  defaults: ImportDefaults;
  concurrency: number;
  rejectsPath: string;
  api: WriteApi;
  /** Where `api` sends, for the message when it is not wirefeed's write API. */
  apiUrl: string;
  retry: RetryDeps;
  stdout: Output;
  stderr: Output;
  limits?: SourceLimits;
  /** For URL sources. @default globalThis.fetch */
  fetch?: typeof fetch;
}

type Ready = Extract<MappedEntry, { ok: true }>;

/** 401 and 403 answer the key, not the article: every other request would get the same. */
const refusesKey = (outcome: FinalOutcome) => outcome.status === 401 || outcome.status === 403;

/**
 * Entries rejected locally before the first article is sent are held back, so that a wrong
 * URL or key (found by that first request) leaves no rejects file; past this many they are
 * written anyway, so that a source of nothing but bad lines does not fill memory.
 */
const HELD_BACK = 1_000;

export async function importFeed(run: ImportRun): Promise<number> {
  const { total, entries } = await openEntries(
    run.source,
    { cwd: run.cwd, limits: run.limits, fetch: run.fetch },
    run.defaults,
  );

  const counts = { created: 0, updated: 0, rejected: 0 };
  const rejects = createRejectsFile(run.rejectsPath);
  const progress = createProgress(run.stderr, total);
  let keyRefused: Extract<FinalOutcome, { kind: 'rejected' }> | undefined;
  let notApi: Extract<FinalOutcome, { kind: 'not-api' }> | undefined;
  const stopped = () => keyRefused !== undefined || notApi !== undefined;

  const send = async ({ entry, id, article }: Ready) => {
    const outcome = await withRetries(() => run.api.putArticle(id, article), run.retry);
    if (outcome.kind === 'not-api') {
      notApi ??= outcome;
      return;
    }
    if (outcome.kind === 'rejected') {
      counts.rejected++;
      if (refusesKey(outcome)) keyRefused ??= outcome;
      await rejects.add({
        entry,
        status: outcome.status,
        reasons: outcome.reasons,
        article: { id, ...article },
      });
    } else {
      counts[outcome.kind]++;
    }
    progress.tick();
  };
  const rejectLocally = async (entry: Exclude<MappedEntry, Ready>) => {
    counts.rejected++;
    const article = entry.article && { id: entry.id, ...entry.article };
    await rejects.add({ entry: entry.entry, status: null, reasons: entry.reasons, article });
    progress.tick();
  };
  const handle = (entry: MappedEntry) => (entry.ok ? send(entry) : rejectLocally(entry));

  const iterator =
    Symbol.asyncIterator in entries ? entries[Symbol.asyncIterator]() : entries[Symbol.iterator]();
  const rest = { [Symbol.asyncIterator]: () => iterator } as AsyncIterable<MappedEntry>;
  try {
    // The first request alone: a wrong URL or key is found before anything else is sent or written.
    const heldBack: Exclude<MappedEntry, Ready>[] = [];
    let first: Ready | undefined;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (next.value.ok) {
        first = next.value;
        break;
      }
      heldBack.push(next.value);
      if (heldBack.length >= HELD_BACK) for (const entry of heldBack.splice(0)) await rejectLocally(entry);
    }
    if (first) await send(first);
    if (!notApi) for (const entry of heldBack) await rejectLocally(entry);
    if (first && !stopped()) await forEachBounded(rest, run.concurrency, handle, stopped);
  } finally {
    await iterator.return?.();
    progress.done();
    await rejects.close();
  }

  if (notApi) {
    run.stderr.write(`wirefeed import: ${notWriteApiLine(run.apiUrl, notApi.reasons[0]?.detail ?? '')}\n`);
    return EXIT.usage;
  }
  run.stdout.write(`${counts.created} created, ${counts.updated} updated, ${counts.rejected} rejected\n`);
  if (keyRefused) {
    const detail = keyRefused.reasons[0]?.detail ?? '';
    run.stderr.write(
      `wirefeed import: the API refused the key (${keyRefused.status}${detail ? `: ${detail}` : ''}); stopped, nothing more was sent\n`,
    );
    return EXIT.usage;
  }
  if (counts.rejected > 0) {
    run.stderr.write(`wirefeed import: ${counts.rejected} rejected, see ${run.rejectsPath}\n`);
    return EXIT.rejected;
  }
  return EXIT.ok;
}
