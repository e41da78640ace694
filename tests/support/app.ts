import { createWirefeed } from '../../lib/app';
import type { ArticleInput } from '../../lib/articles/article';
import { createPublishing } from '../../lib/articles/publishing';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { clientFor, freshTable } from './engines';
import { NOW, testConfig } from './fixtures';

/** The whole app over a fresh table on an in-memory dynalite, with time pinned to NOW. */
export async function anApp(articles: ArticleInput[] = [], env: Record<string, string> = {}) {
  const engine = await startEmbeddedEngine();
  const client = clientFor(engine.endpoint);
  const config = testConfig({ ...env, TABLE_NAME: await freshTable(client) });
  let now = NOW;
  const wirefeed = createWirefeed({ config, client, now: () => now });
  const publishing = createPublishing({ store: wirefeed.store, now: () => now });
  for (const article of articles) await publishing.publishArticle(article);
  return {
    ...wirefeed,
    app: wirefeed.feedsApp,
    config,
    client,
    publishing,
    setNow: (at: Date) => {
      now = at;
    },
    close: engine.close,
  };
}
