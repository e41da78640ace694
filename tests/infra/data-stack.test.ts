import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEY_SCHEMA } from '../../lib/store/keys';
import { testApp } from './support/app';

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

  it('outputs the table name for tools that load articles', () => {
    const outputs = template.findOutputs('TableName');

    expect(Object.keys(outputs)).toHaveLength(1);
  });
});
