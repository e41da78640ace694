import { mapAtomFeed } from './map-atom';
import { mapJsonFeed } from './map-json-feed';
import { mapNdjson } from './map-ndjson';
import { mapRssFeed } from './map-rss';
import type { EntryLabel, ImportDefaults, MappedEntry } from './mapped-entry';
import type { ParsedSource } from './parse-source';

function mapByFormat(source: ParsedSource, defaults: ImportDefaults): MappedEntry[] {
  switch (source.format) {
    case 'rss':
    case 'rdf':
      return mapRssFeed(source.feed, defaults);
    case 'atom':
      return mapAtomFeed(source.feed, defaults);
    case 'json':
      return mapJsonFeed(source.feed, defaults);
    case 'ndjson':
      return mapNdjson(source.lines, defaults);
  }
}

/**
 * Two entries with one id (a repeated guid) would race each other to the API and either
 * could win: the first one in the source is imported, the others are rejected. Keeps only
 * each id and the label of its first entry, so a streamed source holds no articles.
 */
export function firstOfEachId(): (mapped: MappedEntry) => MappedEntry {
  const firstWithId = new Map<string, EntryLabel>();
  return (mapped) => {
    if (!mapped.ok) return mapped;
    const first = firstWithId.get(mapped.id);
    if (first === undefined) {
      firstWithId.set(mapped.id, mapped.entry);
      return mapped;
    }
    return {
      ok: false,
      entry: mapped.entry,
      id: mapped.id,
      article: mapped.article,
      reasons: [{ pointer: '/id', detail: `same id (${mapped.id}) as entry ${first}, imported instead` }],
    };
  };
}

/** Every entry of a whole document, mapped (see firstOfEachId for repeated ids). */
export function mapSource(source: ParsedSource, defaults: ImportDefaults): MappedEntry[] {
  return mapByFormat(source, defaults).map(firstOfEachId());
}
