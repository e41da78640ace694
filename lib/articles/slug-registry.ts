/** The port publishing uses to keep derived slugs unique; lib/store has the adapter. */
export interface SlugRegistry {
  /**
   * Claims `slug` for the article `articleId`: true when it is now (or already was)
   * that article's, false when another article holds it. Atomic: of two concurrent
   * claims of one slug, exactly one wins.
   */
  claimSlug(slug: string, articleId: string): Promise<boolean>;
}
