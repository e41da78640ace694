import { randomUUID } from 'node:crypto';
import type { ArticleStore, StoredArticle } from '../store/article-store';
import { normalizeArticle } from './normalize';

export interface PublishingDeps {
  store: ArticleStore;
  now: () => Date;
  newId?: () => string;
}

export type Publishing = ReturnType<typeof createPublishing>;

/** Writes articles: every input is validated and normalized before it is stored. */
export function createPublishing({ store, now, newId = randomUUID }: PublishingDeps) {
  return {
    async publishArticle(input: unknown, expectedRevision?: number): Promise<StoredArticle> {
      const at = now();
      const article = normalizeArticle(input, { newId, now: at });
      return store.saveArticle(article, at, expectedRevision);
    },

    async deleteArticle(id: string): Promise<boolean> {
      return store.deleteArticle(id, now());
    },
  };
}
