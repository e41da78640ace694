import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { ApiFunction, type ApiFunctionProps } from '../../infra/constructs/api-function';
import { FEEDS_ENTRY } from '../../infra/stacks/api-stack';

/** An ApiFunction in a bare stack, bundling skipped, with `props` over a reader's defaults. */
function aFunction(props: Partial<ApiFunctionProps> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  new ApiFunction(stack, 'Reader', {
    entry: FEEDS_ENTRY,
    table,
    memorySize: 128,
    timeout: Duration.seconds(3),
    ...props,
  });
  return Template.fromStack(stack);
}

type Statement = { Action: string | string[]; Condition?: unknown };

function tableStatements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')));
}

describe('ApiFunction', () => {
  it('grants a reader GetItem and Query, unconditioned, and nothing more by default', () => {
    const statements = tableStatements(aFunction());

    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(statements[0]!.Condition).toBeUndefined();
  });

  it('adds UpdateItem on the counterPrefix items alone, in a statement of its own', () => {
    const statements = tableStatements(aFunction({ counterPrefix: 'COUNT#' }));

    expect(statements).toHaveLength(2);
    expect(statements[0]!.Condition).toBeUndefined();
    expect(statements[1]).toMatchObject({
      Action: 'dynamodb:UpdateItem',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['COUNT#*'] } },
    });
  });

  it('narrows the table grant to the tableKeys partitions with a LeadingKeys condition', () => {
    const statements = tableStatements(aFunction({ tableKeys: ['FEED#*', 'SCOPES'] }));

    expect(statements).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FEED#*', 'SCOPES'] } },
      }),
    ]);
  });

  it('rejects tableKeys that would allow every key', () => {
    expect(() => aFunction({ tableKeys: [] })).toThrow(/tableKeys/);
    expect(() => aFunction({ tableKeys: ['FEED#*', '*'] })).toThrow(/tableKeys/);
  });

  it('rejects a counterPrefix that is empty or holds an IAM wildcard', () => {
    expect(() => aFunction({ counterPrefix: '' })).toThrow(/counterPrefix/);
    expect(() => aFunction({ counterPrefix: 'PARTNER#*' })).toThrow(/without \* or \?/);
    expect(() => aFunction({ counterPrefix: 'P?' })).toThrow(/without \* or \?/);
  });
});
