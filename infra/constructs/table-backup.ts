import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export interface TableBackupProps {
  readonly table: ITable;
  /** The vault in the table's region, e.g. `wirefeed-prod`. */
  readonly vaultName: string;
  /** How long each daily recovery point, and each copy, is kept. */
  readonly retention: Duration;
  /**
   * A vault in another region that receives a copy of every recovery point
   * (`BackupCopyStack`). @default - no copy
   */
  readonly copyVaultArn?: string;
}

/**
 * Daily AWS Backup recovery points of the table, kept `retention`, optionally copied to
 * a vault in a second region. Point-in-time recovery (35 days, on the table) covers
 * mistakes to the second; these cover what PITR does not: a deleted table (its PITR goes
 * with it), longer retention, and the loss of a region. docs/infra.md "Backups and
 * restore" has the runbook.
 */
export class TableBackup extends Construct {
  public readonly vault: BackupVault;
  public readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    // The AWS managed key (aws/backup); recovery points outlive the stack.
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new BackupPlan(this, 'Plan', { backupVault: this.vault });
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: 'Daily',
        // 03:00 UTC: after most newsrooms' evening, before the morning's publishing.
        scheduleExpression: Schedule.cron({ hour: '3', minute: '0' }),
        deleteAfter: props.retention,
        copyActions: props.copyVaultArn
          ? [
              {
                destinationBackupVault: BackupVault.fromBackupVaultArn(this, 'CopyVault', props.copyVaultArn),
                deleteAfter: props.retention,
              },
            ]
          : undefined,
      }),
    );
    const selection = this.plan.addSelection('Table', {
      resources: [BackupResource.fromDynamoDbTable(props.table)],
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'AWS Backup assumes this role to back up the table with AWSBackupServiceRolePolicyForBackup, the managed ' +
        'policy AWS maintains for exactly that (it follows the service as it changes); the role is used by ' +
        'backup.amazonaws.com only.',
    });
  }
}
