import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KeyService } from './auth/key-service';
import type { Config } from './config';
import type { FeedService } from './feeds/feed-service';
import type { FeedStore } from './feeds/feed-store';
import { createWebSubApp } from './http/websub-app';
import { DynamoWebSubStore } from './store/dynamo-websub-store';
import { type CallbackClient, createCallbackClient } from './websub/callback-client';
import { createHub, type JobQueue } from './websub/hub';
import { startLocalHubWorker, tableQueue } from './websub/local-worker';

export interface HubRuntimeDeps {
  config: Config;
  client: DynamoDBDocumentClient;
  now: () => Date;
  feeds: Pick<FeedService, 'resolveFeed'>;
  articles: Pick<FeedStore, 'listFeedHeads'>;
  keys: Pick<KeyService, 'authorize'>;
  /** Where jobs go: SQS on AWS; the table's outbox (and the local worker) by default. */
  queue?: JobQueue;
  /** Tests: outgoing HTTP. @default the address-checking client */
  call?: CallbackClient;
}

/** The hub over the table; shared by the Lambda functions and the local server. */
export function createHubRuntime(deps: HubRuntimeDeps) {
  const { config, client, now } = deps;
  const store = new DynamoWebSubStore(client, config.tableName);
  let kick = () => {};
  const queue = deps.queue ?? tableQueue(store, () => kick());
  const hub = createHub({
    store,
    articles: deps.articles,
    feeds: deps.feeds,
    queue,
    call: deps.call ?? createCallbackClient({ privateCallbacks: config.websub.privateCallbacks }),
    publicBaseUrl: config.site.publicBaseUrl,
    websub: config.websub,
    now,
  });
  const app = createWebSubApp({
    hub,
    store,
    keys: deps.keys,
    now,
    onQueued: () => kick(),
    publicBaseUrl: config.site.publicBaseUrl,
  });
  return {
    hub,
    store,
    app,
    /** Locally: the worker in this process, over the table's outbox. */
    startWorker(options: { intervalMs?: number } = {}) {
      const worker = startLocalHubWorker({ hub, store, now, ...options });
      kick = worker.kick;
      return worker;
    },
  };
}
