import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BackupVault } from 'aws-cdk-lib/aws-backup';
import type { Construct } from 'constructs';

export interface BackupCopyStackProps extends StackProps {
  /** The vault's name, fixed so the data stack can name it without a cross-region reference. */
  readonly vaultName: string;
}

/**
 * The vault in a second region (context `backupCopyRegion`) that receives a copy of each
 * daily recovery point of the table: what a restore starts from if the table's region
 * is lost. Deployed before the data stack. Retained when the stack is deleted.
 */
export class BackupCopyStack extends Stack {
  public readonly vault: BackupVault;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    super(scope, id, props);
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
