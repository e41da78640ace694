import { type AdminAssetLocation, adminAssets } from './admin/admin-assets';
import { createAdminSessions } from './admin/admin-sessions';
import { websubSection } from './admin/websub-section';
import { articleDefaults } from './articles/derive';
import { createPublishing } from './articles/publishing';
import { createStatsService } from './audience/stats-service';
import { createKeyService } from './auth/key-service';
import { createAdminApp } from './http/admin-app';
import { createArticlesApp } from './http/articles-app';
import { listWebSubSubscriptionsRoute } from './http/websub-admin-route';
import { createArticleStore, type RuntimeDeps } from './runtime-deps';
import { createSourceRegistry } from './sources/source-registry';
import { DynamoAdminSessions } from './store/dynamo-admin-sessions';
import type { DynamoArticleStore } from './store/dynamo-article-store';
import { DynamoAudienceStore } from './store/dynamo-audience-store';
import { DynamoKeyStore } from './store/dynamo-key-store';
import { DynamoPartnerUsage } from './store/dynamo-partner-usage';
import { DynamoSlugRegistry } from './store/dynamo-slug-registry';
import { DynamoSourceStore } from './store/dynamo-source-store';
import { DynamoWebSubStore } from './store/dynamo-websub-store';

/** The write side, shared by the articles Lambda and the local server. */
export function createWriteRuntime({
  config,
  client,
  now = () => new Date(),
  store = createArticleStore({ config, client }),
  adminAssetsAt = 'repository',
}: RuntimeDeps & { store?: DynamoArticleStore; adminAssetsAt?: AdminAssetLocation }) {
  const publishing = createPublishing({
    store,
    slugs: new DynamoSlugRegistry(client, config.tableName),
    defaults: articleDefaults(config.site),
    now,
  });
  // Registering sources only: polling them (and the feed parsers) lives elsewhere.
  const sources = createSourceRegistry({ sources: new DynamoSourceStore(client, config.tableName), now });
  const keys = createKeyService({ store: new DynamoKeyStore(client, config.tableName), now });
  const usage = new DynamoPartnerUsage(client, config.tableName);
  const audience = new DynamoAudienceStore(client, config.tableName);
  const stats = createStatsService({ store: audience });
  return {
    store,
    publishing,
    sources,
    keys,
    audience,
    stats,
    articlesApp: createArticlesApp({
      publishing,
      keys,
      usage,
      stats,
      site: config.site,
      now,
      sources,
      documented: [listWebSubSubscriptionsRoute],
    }),
    adminApp: createAdminApp({
      sessions: createAdminSessions({ store: new DynamoAdminSessions(client, config.tableName), keys, now }),
      stats,
      keys,
      assets: adminAssets(adminAssetsAt),
      site: config.site,
      now,
      websub: websubSection(new DynamoWebSubStore(client, config.tableName), now),
    }),
  };
}
