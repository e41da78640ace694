import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ArticlesTable } from '../constructs/articles-table';
import { TableBackup } from '../constructs/table-backup';
import type { Settings } from '../settings';

export interface DataStackProps extends StackProps {
  readonly settings: Settings;
  /**
   * The vault (`BackupCopyStack`) in `settings.backup.copyRegion` that gets a copy of each
   * recovery point. @default - none
   */
  readonly backupCopyVaultName?: string;
}

/** The stage's backup vault in the table's region; its copies go to `{name}-copies`. */
export const backupVaultName = (settings: Settings) => `wirefeed-${settings.stage}`;

/** What must survive everything else: the articles table. Deployed first, changed rarely. */
export class DataStack extends Stack {
  public readonly articles: ArticlesTable;
  public readonly backup: TableBackup;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { backstops } = props.settings;
    this.articles = new ArticlesTable(this, 'Articles', {
      tableName: props.settings.tableName,
      maxReadRequestUnits: backstops.tableMaxReadRequestUnits,
      maxWriteRequestUnits: backstops.tableMaxWriteRequestUnits,
    });
    const { backup } = props.settings;
    this.backup = new TableBackup(this, 'Backup', {
      table: this.articles.table,
      vaultName: backupVaultName(props.settings),
      retention: Duration.days(backup.retentionDays),
      copyVaultArn:
        backup.copyRegion && props.backupCopyVaultName
          ? this.formatArn({
              service: 'backup',
              region: backup.copyRegion,
              resource: 'backup-vault',
              resourceName: props.backupCopyVaultName,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            })
          : undefined,
    });
    new CfnOutput(this, 'TableName', {
      description: 'TABLE_NAME for tools that load articles into this table',
      value: this.articles.table.tableName,
    });
  }
}
