import { Validations } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

/**
 * The SNS topic a stack's alarms notify, so that every alarm reaches someone in every
 * stage: `email` (context `alarmEmail`) is subscribed to it, and anything else (a chat
 * integration, a pager) can subscribe later. CloudWatch alarms publish only to a topic
 * in their own region, so each region with alarms has one.
 */
export function alarmTopic(scope: Construct, id: string, email?: string): Topic {
  const topic = new Topic(scope, id, {
    displayName: 'wirefeed alarms',
    // Refuses publishing over plain HTTP (cdk-nag AwsSolutions-SNS3).
    enforceSSL: true,
  });
  if (email) topic.addSubscription(new EmailSubscription(email));
  Validations.of(topic).acknowledge({
    id: 'AwsSolutions-SNS2',
    reason:
      'Alarm notifications carry alarm names, states and metric values, nothing of the articles or of readers. ' +
      'CloudWatch alarms (and AWS Budgets) cannot publish to a topic encrypted with the AWS managed key, so ' +
      'encryption would need a customer managed key at $1 a month per region for no data worth protecting.',
  });
  return topic;
}
