import { pathToFileURL } from 'node:url';
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings, type StageName } from './settings';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';

/**
 * The wirefeed app for one stage: `WirefeedDevData` + `WirefeedDevApi` (or `…Prod…`).
 * Stacks take the account and region the CDK CLI resolved from the AWS profile, and
 * stay environment-agnostic when there is none, so `cdk synth` needs no credentials.
 * cdk-nag's AWS Solutions rules run at synth: any unacknowledged finding fails it.
 */
export function createApp(props: AppProps = {}): App {
  const app = new App(props);
  const settings = readSettings(app.node);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const prefix = `Wirefeed${title(settings.stage)}`;

  // Prod stacks cannot be deleted by a stray `cdk destroy`; dev ones can.
  const terminationProtection = settings.stage === 'prod';
  const data = new DataStack(app, `${prefix}Data`, {
    env,
    terminationProtection,
    settings,
    description: `wirefeed ${settings.stage}: the articles table (stateful)`,
  });
  new ApiStack(app, `${prefix}Api`, {
    env,
    terminationProtection,
    description: `wirefeed ${settings.stage}: feeds and articles functions, HTTP API, CloudFront, alarms (stateless)`,
    table: data.articles.table,
    settings,
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
