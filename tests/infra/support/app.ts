import { readFileSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { createApp } from '../../../infra/app';
import { ApiStack } from '../../../infra/stacks/api-stack';
import { DataStack } from '../../../infra/stacks/data-stack';

/** cdk.json's context (feature flags and defaults), so tests synthesize what `cdk synth` does. */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8'),
).context;

export interface TestApp {
  app: App;
  data: DataStack;
  api: ApiStack;
}

/**
 * The real app with cdk.json's context plus `context`. Bundling is skipped unless asked
 * for: NodejsFunction bundles only the stacks listed in `aws:cdk:bundling-stacks`.
 */
export function testApp(
  context: Record<string, unknown> = {},
  options: { bundling?: boolean; outdir?: string } = {},
): TestApp {
  const app = createApp({
    outdir: options.outdir,
    context: {
      ...CDK_CONTEXT,
      ...(options.bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  const data = app.node.children.find((child) => child instanceof DataStack);
  const api = app.node.children.find((child) => child instanceof ApiStack);
  if (!data || !api) throw new Error('createApp made no data or API stack');
  return { app, data, api };
}
