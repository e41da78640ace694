import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cursor } from '../cursor';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  UnavailableError,
  ValidationError,
} from '../errors';
import type { Article, ParsedArticleInput } from './article';
import type { ArticlePage, ArticleStore, StoredArticle } from './article-store';
import { type ArticleDefaults, deriveArticle, parseArticleInput } from './derive';
import { normalizeArticle } from './normalize';
import type { SlugRegistry } from './slug-registry';

export interface PublishingDeps {
  store: ArticleStore;
  /** Keeps derived slugs unique. */
  slugs: SlugRegistry;
  /** What fields an editor leaves out are derived from. */
  defaults: ArticleDefaults;
  now: () => Date;
  newId?: () => string;
}

/** `If-Match`, parsed: any current version (`*`) or one of these entity tags. */
export type Precondition = { kind: 'any' } | { kind: 'etags'; etags: string[] };

export interface WriteResult {
  stored: StoredArticle;
  etag: string;
  created: boolean;
  /** JSON pointers of the fields wirefeed derived because the input left them out. */
  derived: string[];
  /** False for a replay of the stored content: nothing was written. */
  changed: boolean;
}

export type Publishing = ReturnType<typeof createPublishing>;

/**
 * A strong entity tag (RFC 9110 §8.8.3) for a stored article: it changes with every
 * revision and with the content, so a deleted-and-recreated article never reuses one.
 */
export function articleEtag({ article, revision }: StoredArticle): string {
  const digest = createHash('sha256')
    .update(`${revision}\n${JSON.stringify(article)}`)
    .digest('base64url');
  return `"${digest.slice(0, 22)}"`;
}

const sameContent = (a: Article, b: Article) =>
  JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });

/** How many times a write without If-Match re-reads and tries again when another writer got in first. */
const UNCONDITIONAL_ATTEMPTS = 40;

/**
 * A write without `If-Match` asked for no precondition, so losing the store's
 * optimistic race to another writer is not the client's 412: read the new revision and
 * write again (last write wins). Each round lets at least one writer through, so this
 * ends; past the attempts it is a 503 with Retry-After, which clients (the importer) retry.
 */
async function lastWriteWins<T>(attempt: (round: number) => Promise<T>): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt(round);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      if (round >= UNCONDITIONAL_ATTEMPTS) {
        throw new UnavailableError('Too many concurrent writes to this article; retry.', 1, { cause: error });
      }
      // A little jitter, so the writers that lost this round do not collide again in lockstep.
      await sleep(Math.random() * Math.min(50, 2 ** round));
    }
  }
}

/** Writes articles: every input is validated and normalized before anything is stored. */
export function createPublishing({ store, slugs, defaults, now, newId = randomUUID }: PublishingDeps) {
  /** The input checked, its blanks derived (against the article it replaces), normalized. */
  async function prepare(input: ParsedArticleInput, id: string, at: Date, previous?: StoredArticle) {
    const { input: complete, derived } = await deriveArticle(input, {
      id,
      now: at,
      defaults,
      slugs,
      previous: previous?.article,
    });
    return { article: normalizeArticle(complete, { newId, now: at }), derived };
  }

  async function current(id: string, precondition?: Precondition): Promise<StoredArticle | undefined> {
    const stored = await store.getArticle(id);
    if (!precondition) return stored;
    const ok =
      stored !== undefined &&
      (precondition.kind === 'any' || precondition.etags.includes(articleEtag(stored)));
    if (!ok) throw new PreconditionFailedError(`Article ${id} is not at the version given in If-Match.`);
    return stored;
  }

  async function write(
    article: Article,
    previous: StoredArticle | undefined,
    at: Date,
    derived: string[],
  ): Promise<WriteResult> {
    const stored = await store.saveArticle(article, at, previous?.revision ?? 0);
    return { stored, etag: articleEtag(stored), created: previous === undefined, derived, changed: true };
  }

  return {
    /** Seeding and tests: create or replace without preconditions. */
    async publishArticle(input: unknown): Promise<StoredArticle> {
      const at = now();
      const parsed = parseArticleInput(input);
      const id = parsed.id ?? newId();
      const { article } = await prepare(parsed, id, at, await store.getArticle(id));
      return store.saveArticle(article, at);
    },

    /** POST: a new article; an `id` in the body must not exist yet. */
    async createArticle(input: unknown): Promise<WriteResult> {
      const at = now();
      const parsed = parseArticleInput(input);
      const id = parsed.id ?? newId();
      if (await store.getArticle(id)) throw new ConflictError(`Article ${id} exists; PUT replaces it.`);
      const { article, derived } = await prepare(parsed, id, at);
      return write(article, undefined, at, derived);
    },

    /**
     * PUT: create or replace, idempotent. A replay of the stored content changes nothing
     * (feeds and validators stay put); a correction keeps the id and moves `updatedAt`.
     */
    async putArticle(id: string, input: unknown, precondition?: Precondition): Promise<WriteResult> {
      const at = now();
      const bodyId = (input as { id?: unknown } | null)?.id;
      if (bodyId !== undefined && bodyId !== id) {
        throw new ValidationError('The body does not match the URL.', [
          { pointer: '/id', detail: `must be "${id}" (the id in the URL) or absent` },
        ]);
      }
      const parsed = parseArticleInput({ ...(input as object), id });
      const attempt = async (): Promise<WriteResult> => {
        const previous = await current(id, precondition);
        const { article, derived } = await prepare(parsed, id, at, previous);
        // A replay changes nothing, unless the earlier write never reached every feed: then it finishes it.
        if (previous && !previous.pending && sameContent(previous.article, article)) {
          return { stored: previous, etag: articleEtag(previous), created: false, derived, changed: false };
        }
        // normalizeArticle dates a correction now unless the body says when it was made.
        return write(article, previous, at, derived);
      };
      return precondition ? attempt() : lastWriteWins(attempt);
    },

    async getArticle(id: string): Promise<{ stored: StoredArticle; etag: string }> {
      const stored = await store.getArticle(id);
      if (!stored) throw new NotFoundError(`There is no article ${id}.`);
      return { stored, etag: articleEtag(stored) };
    },

    /** DELETE: the article leaves every feed; the feeds' heads move forward. */
    async deleteArticle(id: string, precondition?: Precondition): Promise<void> {
      if (precondition) {
        await current(id, precondition);
        if (!(await store.deleteArticle(id, now()))) throw new NotFoundError(`There is no article ${id}.`);
        return;
      }
      await lastWriteWins(async (round) => {
        // Gone on a later round: a concurrent DELETE did what this one asked.
        if (!(await store.deleteArticle(id, now())) && round === 1) {
          throw new NotFoundError(`There is no article ${id}.`);
        }
      });
    },

    async listArticles(
      status: Article['status'],
      page: { limit: number; cursor?: Cursor },
    ): Promise<ArticlePage> {
      return store.listArticles(status, page);
    },
  };
}
