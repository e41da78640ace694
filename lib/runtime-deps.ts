import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from './config';
import { DynamoArticleStore } from './store/dynamo-article-store';

/** What both wiring roots (feeds-runtime, write-runtime) are built from. */
export interface RuntimeDeps {
  config: Config;
  client: DynamoDBDocumentClient;
  now?: () => Date;
}

export function createArticleStore({ config, client }: RuntimeDeps) {
  return new DynamoArticleStore({
    client,
    tableName: config.tableName,
    siteTitle: config.site.title,
    headCacheMs: config.headCacheMs,
  });
}
