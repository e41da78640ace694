import { MAX_NDJSON_LINE_BYTES, mapNdjsonLines } from './map-ndjson';
import { firstOfEachId, mapSource } from './map-source';
import type { ImportDefaults, MappedEntry } from './mapped-entry';
import { isJsonFeed, parseSource } from './parse-source';
import {
  collectSource,
  DEFAULT_SOURCE_LIMITS,
  decodeSource,
  openSource,
  type SourceOptions,
} from './read-source';
import { sourceLines } from './source-lines';

/**
 * The entries of a source, mapped. NDJSON is streamed: read a line at a time, only as fast
 * as the entries are taken, so an archive of any size imports in constant memory. RSS,
 * Atom and JSON Feed are single documents, read whole (at most `limits.maxBytes`).
 *
 * Which one it is, is decided from the first line with text, as parse-source.ts decides
 * for a whole text: a complete JSON object that is not a JSON Feed opens NDJSON; anything
 * else (XML, a pretty-printed JSON Feed or article, a first line over the line limit, a
 * UTF-16 byte order mark) is a document, and parseSource reads it whole.
 */
export interface SourceEntries {
  /** How many entries, when known before sending: for documents. */
  total?: number;
  entries: AsyncIterable<MappedEntry> | Iterable<MappedEntry>;
}

const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/** The first line with text, once it is complete (its newline read); `undefined` before. */
function firstTextLine(head: Buffer): string | undefined {
  let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (start < head.length && isSpace(head[start] as number)) start++;
  const end = head.indexOf(0x0a, start);
  return end === -1 ? undefined : head.subarray(start, end).toString('utf8');
}

function opensNdjson(line: string | undefined): boolean {
  if (!line?.startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(line);
    return (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !isJsonFeed(value as Record<string, unknown>)
    );
  } catch {
    return false;
  }
}

/** `head`, then the rest of `iterator`; closes the source when the reader stops early. */
async function* chain(head: Uint8Array[], iterator: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  } finally {
    await iterator.return?.();
  }
}

async function* withoutRepeatedIds(entries: AsyncIterable<MappedEntry>): AsyncGenerator<MappedEntry> {
  const check = firstOfEachId();
  for await (const entry of entries) yield check(entry);
}

export async function openEntries(
  source: string,
  options: SourceOptions,
  defaults: ImportDefaults,
): Promise<SourceEntries> {
  const opened = await openSource(source, options);
  const iterator = opened.chunks[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let line: string | undefined;
  while (headBytes <= MAX_NDJSON_LINE_BYTES) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    headBytes += next.value.byteLength;
    line = firstTextLine(Buffer.concat(head, headBytes));
    if (line !== undefined) break;
  }
  const chunks = chain(head, iterator);
  if (opensNdjson(line)) {
    return {
      entries: withoutRepeatedIds(mapNdjsonLines(sourceLines(chunks, MAX_NDJSON_LINE_BYTES), defaults)),
    };
  }
  const maxBytes = (options.limits ?? DEFAULT_SOURCE_LIMITS).maxBytes;
  const bytes = await collectSource({ name: opened.name, chunks }, maxBytes);
  const entries = mapSource(parseSource(decodeSource(bytes)), defaults);
  return { total: entries.length, entries };
}
