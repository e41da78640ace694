import { canonicalLanguage } from './fields';
import { importId } from './identity';
import { type ArticleBody, finishEntry, type ImportDefaults, type MappedEntry } from './mapped-entry';

/**
 * NDJSON: one `ArticleInput` object per line, sent as it is. The line's `id` is kept
 * (derived from its `url` when absent); a missing `language` comes from `--language`, else `en`.
 */

export interface NdjsonLine {
  /** 1-based line number in the file: how the rejects file names the entry. */
  line: number;
  value?: unknown;
  /** Why the line is not JSON. */
  error?: string;
}

function mapLine({ line, value, error }: NdjsonLine, defaults: ImportDefaults): MappedEntry {
  if (error !== undefined)
    return { ok: false, entry: line, reasons: [{ detail: `not valid JSON: ${error}` }] };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, entry: line, reasons: [{ detail: 'not a JSON object' }] };
  }
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
