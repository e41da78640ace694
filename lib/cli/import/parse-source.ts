import { type AtomFeed, DetectError, type JsonFeed, parseFeed, type RdfFeed, type RssFeed } from 'feedsmith';
import { UsageError } from '../cli-error';
import { type NdjsonLine, parseNdjsonLine } from './map-ndjson';

/**
 * Which format a source is in, decided from its content, never from its name:
 *
 * - first non-space character `<`: an XML feed; feedsmith tells RSS 2.0, Atom 1.0 and RSS 1.0 apart.
 * - `{` and the whole text is one JSON object: a JSON Feed when it has a `version` naming
 *   jsonfeed.org or an `items` array, else a single article (NDJSON of one line).
 * - `{` and the whole text is not one JSON value: NDJSON, if its first non-blank line is a
 *   JSON object. Later lines that are not JSON are rejected one by one, not the whole file.
 * - anything else: not a format we read (exit 2).
 */

export type ParsedSource =
  | { format: 'rss'; feed: RssFeed.Feed<string> }
  | { format: 'rdf'; feed: RdfFeed.Feed<string> }
  | { format: 'atom'; feed: AtomFeed.Feed<string> }
  | { format: 'json'; feed: JsonFeed.Feed<string> }
  | { format: 'ndjson'; lines: NdjsonLine[] };

const FORMATS = 'RSS 2.0, Atom 1.0, JSON Feed 1.x or NDJSON of articles';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function isJsonFeed(value: Record<string, unknown>): boolean {
  return (
    (typeof value.version === 'string' && value.version.includes('jsonfeed.org/version/')) ||
    Array.isArray(value.items)
  );
}

function tryJson(text: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function parseXmlFeed(text: string): ParsedSource {
  try {
    const parsed = parseFeed(text);
    if (parsed.format === 'json') throw new DetectError('not XML');
    return parsed;
  } catch (error) {
    if (error instanceof DetectError) {
      const hint = /<html[\s>]/i.test(text.slice(0, 2_000))
        ? ' (this looks like a web page: give its feed)'
        : '';
      throw new UsageError(`unknown format: XML, but not RSS or Atom${hint}; expected ${FORMATS}`);
    }
    const cause =
      (error as Error).cause instanceof Error ? `: ${((error as Error).cause as Error).message}` : '';
    throw new UsageError(`the feed is not well-formed XML${cause}`);
  }
}

function parseNdjson(text: string): ParsedSource {
  const lines: NdjsonLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim()) lines.push(parseNdjsonLine(index + 1, raw));
  });
  if (!isObject(lines[0]?.value)) {
    throw new UsageError(`unknown format: the first line is not a JSON object; expected ${FORMATS}`);
  }
  return { format: 'ndjson', lines };
}

function parseJsonFeed(value: Record<string, unknown>): ParsedSource {
  try {
    const parsed = parseFeed(value);
    if (parsed.format === 'json') return parsed;
  } catch {
    // reported below
  }
  throw new UsageError(
    'unknown format: JSON with "items" but not a JSON Feed (it needs "version" and "title")',
  );
}

export function parseSource(source: string): ParsedSource {
  const text = source.replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start === '') throw new UsageError('the source is empty');
  if (start.startsWith('<')) return parseXmlFeed(start);
  if (start.startsWith('{')) {
    const whole = tryJson(start);
    if (isObject(whole.value)) {
      if (isJsonFeed(whole.value)) return parseJsonFeed(whole.value);
      const line = text.slice(0, text.indexOf('{')).split('\n').length;
      return { format: 'ndjson', lines: [{ line, value: whole.value }] };
    }
    return parseNdjson(text);
  }
  if (start.startsWith('[')) {
    throw new UsageError('unknown format: a JSON array; give NDJSON instead (one article object per line)');
  }
  throw new UsageError(`unknown format: expected ${FORMATS}`);
}
