import { pathToFileURL } from 'node:url';
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings, SettingsError, type StageName } from './settings';
import { ApiStack } from './stacks/api-stack';
import { BackupCopyStack } from './stacks/backup-copy-stack';
import { backupVaultName, DataStack } from './stacks/data-stack';
import { EDGE_REGION, EdgeMonitoringStack, EdgeStack } from './stacks/edge-stack';

/**
 * The wirefeed app for one stage: `WirefeedDevEdge` (us-east-1: the web ACL),
 * `WirefeedDevData`, `WirefeedDevApi`, then `WirefeedDevEdgeMonitoring` (us-east-1: the
 * CloudFront alarm, the budget); `…Prod…` likewise. The data and API stacks go to the
 * region the CDK CLI resolved from the AWS profile. They are not environment-agnostic:
 * the API stack reads the web ACL's ARN from us-east-1 through a cross-region reference,
 * which needs both regions known at synth. Without a profile (offline `cdk synth`) the
 * region is us-east-1, which is also where the CLI deploys when a profile names none.
 * The account stays unresolved without credentials, so `cdk synth` needs none.
 * cdk-nag's AWS Solutions rules run at synth: any unacknowledged finding fails it.
 */
export function createApp(props: AppProps = {}): App {
  const app = new App(props);
  const settings = readSettings(app.node);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const env = { account, region: process.env.CDK_DEFAULT_REGION ?? EDGE_REGION };
  const edgeEnv = { account, region: EDGE_REGION };
  const prefix = `Wirefeed${title(settings.stage)}`;

  // Prod stacks cannot be deleted by a stray `cdk destroy`; dev ones can.
  const terminationProtection = settings.stage === 'prod';
  const edge = new EdgeStack(app, `${prefix}Edge`, {
    env: edgeEnv,
    terminationProtection,
    crossRegionReferences: true,
    settings,
    description: `wirefeed ${settings.stage}: the web ACL in front of CloudFront (us-east-1, stateless)`,
  });
  const { copyRegion } = settings.backup;
  if (copyRegion === env.region) {
    throw new SettingsError(`Context "backupCopyRegion" must differ from the table's region (${env.region})`);
  }
  const copyVaultName = `${backupVaultName(settings)}-copies`;
  const backupCopy =
    copyRegion &&
    new BackupCopyStack(app, `${prefix}BackupCopy`, {
      env: { account, region: copyRegion },
      terminationProtection,
      vaultName: copyVaultName,
      description: `wirefeed ${settings.stage}: the vault that holds copies of the table's backups (stateful)`,
    });
  const data = new DataStack(app, `${prefix}Data`, {
    env,
    terminationProtection,
    settings,
    backupCopyVaultName: backupCopy ? copyVaultName : undefined,
    description: `wirefeed ${settings.stage}: the articles table and its backups (stateful)`,
  });
  if (backupCopy) data.addDependency(backupCopy, 'backup copies go to its vault');
  const api = new ApiStack(app, `${prefix}Api`, {
    env,
    terminationProtection,
    crossRegionReferences: true,
    webAclArn: edge.firewall.webAclArn,
    description: `wirefeed ${settings.stage}: feeds and articles functions, HTTP API, CloudFront, alarms (stateless)`,
    table: data.articles.table,
    settings,
  });
  new EdgeMonitoringStack(app, `${prefix}EdgeMonitoring`, {
    env: edgeEnv,
    terminationProtection,
    crossRegionReferences: true,
    settings,
    distributionId: api.cdn.distribution.distributionId,
    description: `wirefeed ${settings.stage}: CloudFront 5xx alarm and the monthly budget (us-east-1, stateless)`,
  });

  Tags.of(app).add('project', 'wirefeed');
  Tags.of(app).add('stage', settings.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

function title(stage: StageName): string {
  return stage[0]!.toUpperCase() + stage.slice(1);
}

// cdk.json runs this file (`npx tsx infra/app.ts`) and the app synthesizes itself when
// the process ends; tests import `createApp` instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) createApp();
