import type { Publishing } from '../articles/publishing';
import { sampleArticles } from './sample-articles';

/** Publishes the sample articles, dated relative to `now`. Returns how many. */
export async function seedSampleArticles(publishing: Publishing, now: Date): Promise<number> {
  const articles = sampleArticles(now);
  for (const article of articles) await publishing.publishArticle(article);
  return articles.length;
}
