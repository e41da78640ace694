import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PENDING_AGE_ALARM, REPAIR_PENDING_ENTRY } from '../../infra/constructs/pending-repair';
import { METRICS } from '../../lib/observability/metric-names';
import { REPAIR_KEYS } from '../../lib/store/keys';
import { testApp } from './support/app';

type Resources = Record<string, { Properties: Record<string, unknown> }>;

describe('PendingRepair in the API stack', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(testApp().api);
  });

  const repairFunctionId = () => {
    const ids = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) =>
      id.startsWith('PendingWritesRepairFunction'),
    );
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };

  it('runs the repair function every 5 minutes, without retries', () => {
    expect(REPAIR_PENDING_ENTRY).toBe('functions/repair-pending.ts');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [repairFunctionId(), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
  });

  it('may touch only the partitions a repair writes (LeadingKeys), with no Scan', () => {
    const fn = template.findResources('AWS::Lambda::Function')[repairFunctionId()]!;
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy') as Resources)
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
      .flatMap(
        (policy) =>
          (policy.Properties.PolicyDocument as { Statement: { Action: unknown; Condition?: unknown }[] })
            .Statement,
      )
      .filter((statement) => JSON.stringify(statement.Action).includes('dynamodb:'));

    expect(statements).toHaveLength(1);
    expect([statements[0]!.Action].flat().sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(statements[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...REPAIR_KEYS] },
    });
  });

  it('alarms on the oldest unfinished write and on the repair failing, each notifying the topic', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm') as Resources;
    const age = Object.entries(alarms).find(([id]) => id.startsWith('MonitoringPendingWriteAge'));
    const errors = Object.entries(alarms).find(([id]) => id.startsWith('MonitoringPendingRepairErrors'));

    expect(age?.[1].Properties).toMatchObject({
      MetricName: METRICS.pendingWriteAge,
      Namespace: 'wirefeed',
      Statistic: 'Maximum',
      Threshold: PENDING_AGE_ALARM.toSeconds(),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(errors?.[1].Properties).toMatchObject({ MetricName: 'Errors', Threshold: 1 });
    for (const [, alarm] of [age!, errors!]) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
      expect(alarm.Properties.OKActions).toEqual(alarm.Properties.AlarmActions);
    }
  });
});
