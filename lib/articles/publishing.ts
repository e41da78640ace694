import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '../errors';
import type { ArticlePage, ArticleStore, StoredArticle } from '../store/article-store';
import type { Article } from './article';
import { normalizeArticle } from './normalize';

export interface PublishingDeps {
  store: ArticleStore;
  now: () => Date;
  newId?: () => string;
}

/** `If-Match`, parsed: any current version (`*`) or one of these entity tags. */
export type Precondition = { kind: 'any' } | { kind: 'etags'; etags: string[] };

export interface WriteResult {
  stored: StoredArticle;
  etag: string;
  created: boolean;
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

/** Writes articles: every input is validated and normalized before anything is stored. */
export function createPublishing({ store, now, newId = randomUUID }: PublishingDeps) {
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
  ): Promise<WriteResult> {
    const stored = await store.saveArticle(article, at, previous?.revision ?? 0);
    return { stored, etag: articleEtag(stored), created: previous === undefined };
  }

  return {
    /** Seeding and tests: create or replace without preconditions. */
    async publishArticle(input: unknown): Promise<StoredArticle> {
      const at = now();
      const article = normalizeArticle(input, { newId, now: at });
      return store.saveArticle(article, at);
    },

    /** POST: a new article; an `id` in the body must not exist yet. */
    async createArticle(input: unknown): Promise<WriteResult> {
      const at = now();
      const article = normalizeArticle(input, { newId, now: at });
      if (await store.getArticle(article.id))
        throw new ConflictError(`Article ${article.id} exists; PUT replaces it.`);
      return write(article, undefined, at);
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
      const article = normalizeArticle({ ...(input as object), id }, { newId, now: at });
      const previous = await current(id, precondition);
      // A replay changes nothing, unless the earlier write never reached every feed: then it finishes it.
      if (previous && !previous.pending && sameContent(previous.article, article)) {
        return { stored: previous, etag: articleEtag(previous), created: false };
      }
      // normalizeArticle dates a correction now unless the body says when it was made.
      return write(article, previous, at);
    },

    async getArticle(id: string): Promise<{ stored: StoredArticle; etag: string }> {
      const stored = await store.getArticle(id);
      if (!stored) throw new NotFoundError(`There is no article ${id}.`);
      return { stored, etag: articleEtag(stored) };
    },

    /** DELETE: the article leaves every feed; the feeds' heads move forward. */
    async deleteArticle(id: string, precondition?: Precondition): Promise<void> {
      await current(id, precondition);
      if (!(await store.deleteArticle(id, now()))) throw new NotFoundError(`There is no article ${id}.`);
    },

    async listArticles(
      status: Article['status'],
      page: { limit: number; cursor?: string },
    ): Promise<ArticlePage> {
      return store.listArticles(status, page);
    },
  };
}
