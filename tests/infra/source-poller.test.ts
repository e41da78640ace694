import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { SourcePoller } from '../../infra/constructs/source-poller';
import { refuseNonPublicUrl } from '../../lib/sources/public-address';
import { isPublicAddress } from '../../lib/websub/address-safety';
import { CDK_CONTEXT } from './support/app';

/** The construct alone, in a bare stack (bundling skipped). */
function aPoller() {
  const stack = new Stack(undefined, 'Bare', { env: { region: 'eu-west-1' } });
  stack.node.setContext('aws:cdk:bundling-stacks', []);
  for (const [key, value] of Object.entries(CDK_CONTEXT)) stack.node.setContext(key, value);
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  new SourcePoller(stack, 'Sources', {
    table,
    environment: { PUBLIC_BASE_URL: 'https://feeds.example.org' },
  });
  return Template.fromStack(stack);
}

describe('SourcePoller', () => {
  it('invokes the poll function every minute, on Node.js 22 / arm64, with the table name', () => {
    const template = aPoller();
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) },
    });
    template.resourceCountIs('AWS::Lambda::Permission', 1);
  });

  it('lets the poller write single items to the table and nothing broader', () => {
    const template = aPoller();
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Array<{
      Properties: { PolicyDocument: { Statement: Array<{ Action: string | string[] }> } };
    }>;
    const actions = policies.flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s) => s.Action));
    expect(actions.filter((a) => String(a).startsWith('dynamodb:')).sort()).toEqual(
      [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
  });
});

describe('the SSRF guard for polls on AWS', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '169.254.169.254',
    '172.20.0.1',
    '192.168.1.1',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it('allows public addresses, and checks every address a host resolves to', async () => {
    expect(isPublicAddress('93.184.216.34')).toBe(true);
    expect(isPublicAddress('2606:2800:220:1::1')).toBe(true);
    const resolve = async () => [{ address: '93.184.216.34' }, { address: '10.0.0.5' }];
    expect(await refuseNonPublicUrl(new URL('https://blog.example/feed'), resolve)).toMatch(/10\.0\.0\.5/);
    expect(await refuseNonPublicUrl(new URL('http://169.254.169.254/latest/meta-data/'))).toMatch(
      /not a public/,
    );
    expect(await refuseNonPublicUrl(new URL('http://[::1]:3000/rss.xml'))).toMatch(/not a public/);
    expect(
      await refuseNonPublicUrl(new URL('https://blog.example/feed'), async () => [
        { address: '93.184.216.34' },
      ]),
    ).toBeUndefined();
  });
});
