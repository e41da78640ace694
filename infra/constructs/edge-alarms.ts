import { Duration } from 'aws-cdk-lib';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmTopic } from './alarm-topic';

export interface EdgeAlarmsProps {
  /** The distribution whose metrics CloudFront publishes in us-east-1. */
  readonly distributionId: string;
  /** Subscribed to the topic, and told by AWS Budgets directly. @default - no subscription */
  readonly alarmEmail?: string;
  /** The monthly spend, in US dollars, that the budget warns about. */
  readonly monthlyBudgetUsd: number;
  /** e.g. `wirefeed-dev`: the budget's name. */
  readonly name: string;
  /**
   * The share of requests answered 5xx, in percent, at which the alarm fires.
   * @default 5
   */
  readonly errorRateThreshold?: number;
}

/**
 * What must live in us-east-1 to watch the distribution: an alarm on CloudFront's 5xx
 * error rate (CloudFront publishes its metrics there only, and an alarm reads metrics of
 * its own region), with the region's own alarm topic; and an AWS Budgets alert on the
 * account's monthly spend, told to the same topic and the alarm email.
 */
export class EdgeAlarms extends Construct {
  public readonly alarmTopic: Topic;
  public readonly errorRate: Alarm;
  public readonly budget: CfnBudget;

  constructor(scope: Construct, id: string, props: EdgeAlarmsProps) {
    super(scope, id);
    if (!(props.monthlyBudgetUsd > 0)) {
      throw new Error(
        `EdgeAlarms ${id}: monthlyBudgetUsd must be a positive amount; got ${props.monthlyBudgetUsd}`,
      );
    }
    this.alarmTopic = alarmTopic(this, 'AlarmTopic', props.alarmEmail);
    const threshold = props.errorRateThreshold ?? 5;
    this.errorRate = new Alarm(this, 'CdnErrorRate', {
      alarmDescription:
        `CloudFront answered ${threshold}% or more of requests with 5xx: the origin (HTTP API, functions) ` +
        'is failing or timing out for readers, beyond what stale copies cover.',
      metric: new Metric({
        namespace: 'AWS/CloudFront',
        metricName: '5xxErrorRate',
        dimensionsMap: { DistributionId: props.distributionId, Region: 'Global' },
        statistic: 'Average',
        period: Duration.minutes(5),
      }),
      threshold,
      // Two of three periods: one bad deploy minute is not an incident, ten are.
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.alarmTopic);
    this.errorRate.addAlarmAction(action);
    this.errorRate.addOkAction(action);

    // AWS Budgets publishes to the topic as its own service principal, for this account only.
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('budgets.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.alarmTopic.env.account } },
      }),
    );
    const subscribers: CfnBudget.SubscriberProperty[] = [
      { subscriptionType: 'SNS', address: this.alarmTopic.topicArn },
      ...(props.alarmEmail ? [{ subscriptionType: 'EMAIL', address: props.alarmEmail }] : []),
    ];
    const notify = (notificationType: 'ACTUAL' | 'FORECASTED', threshold: number) => ({
      notification: {
        notificationType,
        comparisonOperator: 'GREATER_THAN',
        threshold,
        thresholdType: 'PERCENTAGE',
      },
      subscribers,
    });
    this.budget = new CfnBudget(this, 'Budget', {
      budget: {
        budgetName: props.name,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyBudgetUsd, unit: 'USD' },
      },
      // 80% already spent, and a forecast past the whole amount: the second comes days
      // earlier under a flood, the first catches what the forecast smoothed over.
      notificationsWithSubscribers: [notify('ACTUAL', 80), notify('FORECASTED', 100)],
    });
  }
}
