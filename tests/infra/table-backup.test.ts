import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/settings';
import { BackupCopyStack } from '../../infra/stacks/backup-copy-stack';
import { testApp } from './support/app';

const PROD = { stage: 'prod', publicBaseUrl: 'https://feeds.example.org' };

describe('table backups', () => {
  it('backs the table up daily into the stage vault, kept 35 days, with no copy in dev', () => {
    const built = testApp();
    const data = Template.fromStack(built.data);

    data.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: { BackupVaultName: 'wirefeed-dev' },
    });
    data.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'Daily',
            ScheduleExpression: 'cron(0 3 * * ? *)',
            Lifecycle: { DeleteAfterDays: 35 },
            CopyActions: Match.absent(),
          }),
        ],
      },
    });
    // The selection names the articles table itself.
    data.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ArticlesTable'), 'Arn'] }],
      }),
    });
    expect(built.app.node.children.some((child) => child instanceof BackupCopyStack)).toBe(false);
  });

  it('copies each recovery point to a vault in backupCopyRegion, deployed first, retention from context', () => {
    const built = testApp({ ...PROD, backupCopyRegion: 'eu-central-1', backupRetentionDays: '90' });
    const copy = built.app.node.children.find((child) => child instanceof BackupCopyStack);

    expect(copy?.region).toBe('eu-central-1');
    expect(built.data.dependencies).toContain(copy);
    Template.fromStack(copy!).hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: { BackupVaultName: 'wirefeed-prod-copies' },
    });
    const rule = Template.fromStack(built.data).findResources('AWS::Backup::BackupPlan');
    const [plan] = Object.values(rule) as { Properties: { BackupPlan: { BackupPlanRule: unknown[] } } }[];
    expect(plan!.Properties.BackupPlan.BackupPlanRule).toEqual([
      expect.objectContaining({
        Lifecycle: { DeleteAfterDays: 90 },
        CopyActions: [
          {
            DestinationBackupVaultArn: {
              'Fn::Join': [
                '',
                [
                  'arn:aws:backup:eu-central-1:',
                  { Ref: 'AWS::AccountId' },
                  ':backup-vault:wirefeed-prod-copies',
                ],
              ],
            },
            Lifecycle: { DeleteAfterDays: 90 },
          },
        ],
      }),
    ]);
  });

  it('requires prod to choose a copy region (or none), and refuses the table region itself', () => {
    expect(() => testApp(PROD)).toThrow(/backupCopyRegion" is required for stage prod/);
    expect(() => testApp({ ...PROD, backupCopyRegion: 'mars-1' })).toThrow(/must be an AWS region/);
    expect(() => testApp({ ...PROD, backupCopyRegion: 'us-east-1' })).toThrow(/must differ/);
    const none = readSettings(new App({ context: { ...PROD, backupCopyRegion: 'none' } }).node);
    expect(none.backup).toEqual({ retentionDays: 35, copyRegion: undefined });
    expect(() => readSettings(new App({ context: { backupRetentionDays: '0' } }).node)).toThrow(
      /backupRetentionDays/,
    );
  });
});
