import { assertJsonDepth } from '../../articles/json-depth';
import { ValidationError } from '../../errors';
import { canonicalLanguage } from './fields';
import { importId } from './identity';
import {
  type ArticleBody,
  finishEntry,
  type ImportDefaults,
  type MappedEntry,
  type Reason,
} from './mapped-entry';
import type { SourceLine } from './source-lines';

/**
 * NDJSON: one `ArticleInput` object per line, sent as it is. The line's `id` is kept
 * (derived from its `url` when absent); a missing `language` comes from `--language`, else `en`.
 */

export interface NdjsonLine {
  /** 1-based line number in the file: how the rejects file names the entry. */
  line: number;
  value?: unknown;
  /** Why the line cannot be read (not JSON, too long). */
  error?: string;
}

/** A line longer than this is rejected unread: the API takes bodies of at most 256 KB anyway. */
export const MAX_NDJSON_LINE_BYTES = 1024 * 1024;

/** One line of text as JSON, or why it is not. */
export function parseNdjsonLine(line: number, text: string): NdjsonLine {
  try {
    return { line, value: JSON.parse(text) };
  } catch (error) {
    return { line, error: `not valid JSON: ${(error as Error).message}` };
  }
}

/** Why `value` is too deep to be an article, or nothing: an iterative walk, like the API's own check. */
function tooDeep(value: unknown): Reason[] | undefined {
  try {
    assertJsonDepth(value);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}

function mapLine({ line, value, error }: NdjsonLine, defaults: ImportDefaults): MappedEntry {
  if (error !== undefined) return { ok: false, entry: line, reasons: [{ detail: error }] };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, entry: line, reasons: [{ detail: 'not a JSON object' }] };
  }
  // A line nested 10,000 deep would overflow the stack of whatever walks it next (zod, the
  // rejects file): rejected here, and left out of the rejects file, as not an article to fix.
  const deep = tooDeep(value);
  if (deep) return { ok: false, entry: line, reasons: deep };
  const { id, ...article } = value as Partial<ArticleBody> & { id?: unknown };
  if (id !== undefined && typeof id !== 'string') {
    return { ok: false, entry: line, reasons: [{ pointer: '/id', detail: 'must be a string' }], article };
  }
  const url = typeof article.url === 'string' ? article.url : undefined;
  return finishEntry({
    entry: line,
    id: id ?? (url ? importId(url) : undefined),
    article: { ...article, language: article.language ?? canonicalLanguage(defaults.language) ?? 'en' },
  });
}

export function mapNdjson(lines: NdjsonLine[], defaults: ImportDefaults): MappedEntry[] {
  return lines.map((line) => mapLine(line, defaults));
}

/** The same, one line at a time as they are read (./source-lines.ts). */
export async function* mapNdjsonLines(
  lines: AsyncIterable<SourceLine>,
  defaults: ImportDefaults,
): AsyncGenerator<MappedEntry> {
  for await (const read of lines) {
    yield mapLine(
      'tooLong' in read
        ? { line: read.line, error: `longer than ${MAX_NDJSON_LINE_BYTES / 1024 / 1024} MB` }
        : parseNdjsonLine(read.line, read.text),
      defaults,
    );
  }
}
