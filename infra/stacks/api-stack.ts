import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ApiFunction } from '../constructs/api-function';
import { FeedsApi } from '../constructs/feeds-api';
import { FeedsCdn } from '../constructs/feeds-cdn';
import { Monitoring } from '../constructs/monitoring';
import type { Settings } from '../settings';

/** The feeds function's entry file, relative to the repository root. */
export const FEEDS_ENTRY = 'functions/feeds.ts';

export interface ApiStackProps extends StackProps {
  /** The articles table, from the data stack. */
  readonly table: ITable;
  readonly settings: Settings;
}

/** Everything stateless that serves the feeds; safe to destroy and redeploy. */
export class ApiStack extends Stack {
  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const feeds = new ApiFunction(this, 'Feeds', {
      entry: FEEDS_ENTRY,
      table: props.table,
      tableAccess: 'read',
      environment: settings.environment,
      // 1024 MB buys ~0.6 vCPU. Behind CloudFront and Origin Shield the function runs
      // rarely, so many invocations are cold starts, and loading the bundle (SDK
      // included) is CPU-bound: it gets faster with memory while the bill stays tiny
      // (arm64, tens of milliseconds per feed). Less memory would save nothing worth having.
      memorySize: 1024,
      // A feed is one or two DynamoDB queries and a render: milliseconds. 10 s leaves room
      // for the SDK's retries with backoff and still fails well inside the HTTP API's
      // 30 s integration limit and CloudFront's 30 s origin timeout, so the caller gets
      // our 5xx rather than a gateway timeout.
      timeout: Duration.seconds(10),
    });
    const api = new FeedsApi(this, 'Api', { handler: feeds.function });
    const cdn = new FeedsCdn(this, 'Cdn', {
      originDomainName: api.domainName,
      originShieldRegion: settings.originShieldRegion,
      customDomain: settings.customDomain,
    });
    new Monitoring(this, 'Monitoring', {
      api: api.api,
      handler: feeds.function,
      table: props.table,
      distribution: cdn.distribution,
      dashboardName: `wirefeed-${settings.stage}`,
      alarmTopic: settings.alarmTopicArn
        ? Topic.fromTopicArn(this, 'AlarmTopic', settings.alarmTopicArn)
        : undefined,
    });

    new CfnOutput(this, 'FeedsUrl', {
      description: 'The distribution; pass it back as publicBaseUrl unless a custom domain is set',
      value: `https://${cdn.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'PublicBaseUrl', {
      description: 'What the feeds use in their self links',
      value: settings.publicBaseUrl,
    });
  }
}
