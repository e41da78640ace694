import type { ArticleInput } from '../../lib/articles/article';
import { createFeedsRuntime } from '../../lib/feeds-runtime';
import { composeApps } from '../../lib/http/compose';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { createWriteRuntime } from '../../lib/write-runtime';
import { clientFor, freshTable } from './engines';
import { NOW, testConfig } from './fixtures';

/** The whole app over a fresh table on an in-memory dynalite, with time pinned to NOW. */
export async function anApp(articles: ArticleInput[] = [], env: Record<string, string> = {}) {
  const engine = await startEmbeddedEngine();
  const client = clientFor(engine.endpoint);
  const config = testConfig({ ...env, TABLE_NAME: await freshTable(client) });
  let now = NOW;
  const reads = createFeedsRuntime({ config, client, now: () => now });
  const writes = createWriteRuntime({ config, client, now: () => now, store: reads.store });
  for (const article of articles) await writes.publishing.publishArticle(article);
  return {
    ...reads,
    ...writes,
    /** Feeds and the write API together, as the local server mounts them. */
    app: composeApps([writes.articlesApp, reads.feedsApp, reads.embedApp]),
    config,
    client,
    setNow: (at: Date) => {
      now = at;
    },
    close: engine.close,
  };
}
