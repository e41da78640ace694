import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EdgeAlarms } from '../constructs/edge-alarms';
import { EdgeFirewall } from '../constructs/edge-firewall';
import type { Settings } from '../settings';

/** CloudFront reads web ACLs (CLOUDFRONT scope) and publishes its metrics in this region only. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  readonly settings: Settings;
}

/**
 * The web ACL the distribution uses, in us-east-1, deployed before the API stack, which
 * reads its ARN through a cross-region reference (docs/decisions.md "The edge stacks").
 */
export class EdgeStack extends Stack {
  public readonly firewall: EdgeFirewall;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    this.firewall = new EdgeFirewall(this, 'Firewall', {
      rateLimits: props.settings.edge.rateLimits,
      metricPrefix: `wirefeed-${props.settings.stage}`,
    });
    new CfnOutput(this, 'WebAclArn', {
      description: 'The web ACL on the distribution',
      value: this.firewall.webAclArn,
    });
  }
}

export interface EdgeMonitoringStackProps extends StackProps {
  readonly settings: Settings;
  /** The API stack's distribution. */
  readonly distributionId: string;
}

/**
 * The CloudFront 5xx alarm and the budget, in us-east-1, deployed after the API stack
 * (it needs the distribution's id; the web ACL stack cannot hold it, since the API stack
 * needs that one first).
 */
export class EdgeMonitoringStack extends Stack {
  public readonly alarms: EdgeAlarms;

  constructor(scope: Construct, id: string, props: EdgeMonitoringStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.alarms = new EdgeAlarms(this, 'Alarms', {
      distributionId: props.distributionId,
      alarmEmail: settings.alarmEmail,
      monthlyBudgetUsd: settings.edge.monthlyBudgetUsd,
      name: `wirefeed-${settings.stage}`,
    });
  }
}
