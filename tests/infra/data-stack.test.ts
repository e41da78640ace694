import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEY_SCHEMA } from '../../lib/store/keys';
import { testApp } from './support/app';

/** The table's logical id: the resource CloudFormation knows as the articles table. */
const TABLE_LOGICAL_ID = 'ArticlesTable867D7F42';

describe('DataStack', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(testApp().data);
  });

  it('holds one table, keyed as lib/store/keys.ts says, with no secondary index', () => {
    const { partitionKey, sortKey } = TABLE_KEY_SCHEMA;

    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: partitionKey.name, KeyType: 'HASH' },
        { AttributeName: sortKey.name, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: partitionKey.name, AttributeType: partitionKey.type },
        { AttributeName: sortKey.name, AttributeType: sortKey.type },
      ],
      GlobalSecondaryIndexes: Match.absent(),
      LocalSecondaryIndexes: Match.absent(),
    });
  });

  it('bills on demand, encrypts with the AWS managed KMS key, and keeps point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      // SSEEnabled without a key ARN is KMS with aws/dynamodb; false or absent is the AWS owned key.
      SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('survives deletion: deletion protection on, retained with or without its stack', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });

  it('names the table per stage and keeps the logical id that holds it (a new id would be a new, empty table)', () => {
    const prod = Template.fromStack(
      testApp({ stage: 'prod', publicBaseUrl: 'https://feeds.example.org', backupCopyRegion: 'eu-central-1' })
        .data,
    );

    // Pinned: the id derives from the construct path (Articles/Table). Moving or renaming
    // the construct would make CloudFormation create another table and orphan this one.
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual([TABLE_LOGICAL_ID]);
    expect(Object.keys(prod.findResources('AWS::DynamoDB::Table'))).toEqual([TABLE_LOGICAL_ID]);
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'wirefeed-dev' });
    prod.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'wirefeed-prod' });
  });

  it('takes a restored table under its own name from context tableName', () => {
    const restored = Template.fromStack(testApp({ tableName: 'wirefeed-dev-restored-1' }).data);

    restored.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'wirefeed-dev-restored-1' });
  });

  it('is referenced strongly: the API stack imports the exported name and ARN (no Fn::GetStackOutput)', () => {
    const { api } = testApp();
    const apiJson = JSON.stringify(Template.fromStack(api).toJSON());
    const exports = Object.values(
      template.toJSON().Outputs as Record<string, { Value: unknown; Export?: unknown }>,
    )
      .filter((output) => output.Export)
      .map((output) => output.Value);

    expect(exports).toEqual(
      expect.arrayContaining([{ Ref: TABLE_LOGICAL_ID }, { 'Fn::GetAtt': [TABLE_LOGICAL_ID, 'Arn'] }]),
    );
    expect(apiJson).toMatch(/"Fn::ImportValue":"WirefeedDevData:ExportsOutputRefArticlesTable/);
    // The web ACL comes from us-east-1 by Fn::GetStackOutput (tests/infra/edge.test.ts); the table never does.
    expect(apiJson).not.toMatch(/"Fn::GetStackOutput":{"StackName":"WirefeedDevData"/);
  });

  it('protects prod stacks from deletion, not dev ones', () => {
    const prod = testApp({
      stage: 'prod',
      publicBaseUrl: 'https://feeds.example.org',
      backupCopyRegion: 'none',
    });

    expect(prod.data.terminationProtection).toBe(true);
    expect(prod.api.terminationProtection).toBe(true);
    expect(testApp().data.terminationProtection).toBe(false);
  });

  it('outputs the table name for tools that load articles', () => {
    const outputs = template.findOutputs('TableName');

    expect(Object.keys(outputs)).toHaveLength(1);
  });
});
