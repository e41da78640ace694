import packageJson from '../package.json' with { type: 'json' };
import { createKeyService } from './auth/key-service';
import { PUBLIC } from './feeds/audience';
import { createFeedService } from './feeds/feed-service';
import { advertisedHubs } from './feeds/hub-discovery';
import { createEmbedApp } from './http/embed-app';
import { createFeedsApp } from './http/feeds-app';
import type { Count } from './observability/metric-names';
import { createArticleStore, type RuntimeDeps } from './runtime-deps';
import type { DynamoArticleStore } from './store/dynamo-article-store';
import { DynamoKeyStore } from './store/dynamo-key-store';
import { DynamoPartnerUsage } from './store/dynamo-partner-usage';

export const GENERATOR = {
  name: 'wirefeed',
  version: packageJson.version,
  url: 'https://github.com/wirefeed/wirefeed',
};

/**
 * The read side, shared by the feeds Lambda and the local server. It imports nothing
 * of the write side, so the feeds bundle stays small.
 */
export function createFeedsRuntime({
  config,
  client,
  now = () => new Date(),
  store = createArticleStore({ config, client }),
  count,
}: RuntimeDeps & { store?: DynamoArticleStore; count?: Count }) {
  const feeds = createFeedService({
    store,
    site: config.site,
    now,
    generator: GENERATOR,
    publicAudience: { ...PUBLIC, level: config.publicContentLevel },
    hubs: advertisedHubs(config.websub),
    count,
  });
  const partners = {
    keys: createKeyService({ store: new DynamoKeyStore(client, config.tableName), now }),
    usage: new DynamoPartnerUsage(client, config.tableName),
  };
  return {
    store,
    feeds,
    feedsApp: createFeedsApp({ feeds, partners, site: config.site, cache: config.cache, now }),
    embedApp: createEmbedApp({ feeds, site: config.site, cache: config.cache, now }),
  };
}
