import type { ZodError } from 'zod';
import { ArticleIdSchema, ArticleSchema, type CompleteArticleInput } from '../../articles/article';

/**
 * What mapping one source entry gives: an article ready to PUT under its id, or the
 * reasons it cannot be imported. Mappers fill an `EntryDraft`; `finishEntry` checks it
 * against the API's own schema, so what we send is what the API accepts.
 */

/** Same shape as a problem+json `errors` member (RFC 9457 extension): a JSON pointer when one applies. */
export interface Reason {
  pointer?: string;
  detail: string;
}

/** How the rejects file names an entry: its guid (or Atom/JSON id), else its link, else its position. */
export type EntryLabel = string | number;

/** The PUT body: a complete article (importers derive nothing) without `id`, which goes in the URL. */
export type ArticleBody = Omit<CompleteArticleInput, 'id'>;

export type MappedEntry =
  | { ok: true; entry: EntryLabel; id: string; article: ArticleBody }
  | { ok: false; entry: EntryLabel; reasons: Reason[]; id?: string; article?: Partial<ArticleBody> };

export interface EntryDraft {
  entry: EntryLabel;
  id?: string;
  article: Partial<ArticleBody>;
  /** What the mapper already knows is wrong, e.g. a date it cannot read. */
  problems?: Reason[];
}

/** What the command line adds to every mapping. */
export interface ImportDefaults {
  /** `--language`: for entries that do not declare theirs; the feed's language otherwise. */
  language?: string;
}

const escapePointer = (segment: PropertyKey) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

function reasonsFrom(error: ZodError): Reason[] {
  return error.issues.flatMap((issue) => {
    const path = `/${issue.path.map(escapePointer).join('/')}`.replace(/\/$/, '');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: `${path}/${escapePointer(key)}`, detail: 'unknown field' }));
    }
    return [{ pointer: path, detail: issue.message }];
  });
}

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export function finishEntry({ entry, id, article: draft, problems = [] }: EntryDraft): MappedEntry {
  const article = withoutUndefined(draft);
  const reasons = [...problems];
  if (!id) reasons.push({ pointer: '/id', detail: 'no id: the entry has neither an id nor a link' });
  if (!article.url)
    reasons.push({ pointer: '/url', detail: 'no link: the entry has no absolute http(s) link' });
  if (!article.title) reasons.push({ pointer: '/title', detail: 'no title and no description' });
  if (!article.publishedAt && !problems.some((p) => p.pointer === '/publishedAt')) {
    reasons.push({ pointer: '/publishedAt', detail: 'no date: the entry has no publication or update date' });
  }
  if (reasons.length === 0) {
    const checkedId = ArticleIdSchema.safeParse(id);
    if (!checkedId.success)
      reasons.push(...reasonsFrom(checkedId.error).map((r) => ({ ...r, pointer: '/id' })));
    const checked = ArticleSchema.safeParse(article);
    if (!checked.success) reasons.push(...reasonsFrom(checked.error));
  }
  if (reasons.length > 0 || !id) return { ok: false, entry, id, reasons, article };
  return { ok: true, entry, id, article: article as ArticleBody };
}
