import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import packageJson from '../package.json' with { type: 'json' };
import type { Config } from './config';
import { createFeedService } from './feeds/feed-service';
import { createFeedsApp } from './http/feeds-app';
import { DynamoArticleStore } from './store/dynamo-article-store';

export const GENERATOR = {
  name: 'wirefeed',
  version: packageJson.version,
  url: 'https://github.com/wirefeed/wirefeed',
};

/**
 * The composition root shared by the Lambda entry point and the local server: the
 * same store, service and app, whichever runtime and DynamoDB endpoint they run on.
 */
export function createWirefeed({
  config,
  client,
  now = () => new Date(),
}: {
  config: Config;
  client: DynamoDBDocumentClient;
  now?: () => Date;
}) {
  const store = new DynamoArticleStore({ client, tableName: config.tableName, siteTitle: config.site.title });
  const feeds = createFeedService({ store, site: config.site, now, generator: GENERATOR });
  const feedsApp = createFeedsApp({ feeds, site: config.site });
  return { store, feeds, feedsApp };
}
