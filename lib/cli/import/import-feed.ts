import { notWriteApiLine } from '../api-response';
import type { Output } from '../command';
import { EXIT } from '../exit-codes';
import { mapSource } from './map-source';
import type { ImportDefaults, MappedEntry } from './mapped-entry';
import { parseSource } from './parse-source';
import { forEachBounded } from './pool';
import { createProgress } from './progress';
import { decodeSource, readSource, type SourceLimits } from './read-source';
import { createRejectsFile } from './rejects-file';
import { type FinalOutcome, type RetryDeps, withRetries } from './retry';
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
}

type Ready = Extract<MappedEntry, { ok: true }>;

/** 401 and 403 answer the key, not the article: every other request would get the same. */
const refusesKey = (outcome: FinalOutcome) => outcome.status === 401 || outcome.status === 403;

export async function importFeed(run: ImportRun): Promise<number> {
  const bytes = await readSource(run.source, { cwd: run.cwd, limits: run.limits });
  const mapped = mapSource(parseSource(decodeSource(bytes)), run.defaults);

  const counts = { created: 0, updated: 0, rejected: 0 };
  const rejects = createRejectsFile(run.rejectsPath);
  const progress = createProgress(run.stderr, mapped.length);
  let keyRefused: Extract<FinalOutcome, { kind: 'rejected' }> | undefined;
  let notApi: Extract<FinalOutcome, { kind: 'not-api' }> | undefined;
  const stopped = () => keyRefused !== undefined || notApi !== undefined;

  try {
    const ready = mapped.filter((entry): entry is Ready => entry.ok);
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
    // The first request alone: a wrong URL or key is found before anything else is sent or written.
    const [first, ...rest] = ready;
    if (first) await send(first);
    for (const entry of mapped) {
      if (entry.ok || notApi) continue;
      counts.rejected++;
      const article = entry.article && { id: entry.id, ...entry.article };
      await rejects.add({ entry: entry.entry, status: null, reasons: entry.reasons, article });
      progress.tick();
    }
    if (!stopped()) await forEachBounded(rest, run.concurrency, send, stopped);
  } finally {
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
