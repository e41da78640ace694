import { CrossStackReferences, ReferenceStrength, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_KEY_SCHEMA, TTL_ATTRIBUTE } from '../../lib/store/keys';

const ATTRIBUTE_TYPES = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
} as const;

export interface ArticlesTableProps {
  /**
   * The table's name, fixed per stage (`wirefeed-dev`, `wirefeed-prod`). A name chosen
   * by CloudFormation would change if the table were ever recreated, and the functions
   * would follow it to a new, empty table; a fixed name makes a replacement fail instead
   * (the name is taken), and a restore is a deliberate change of this value.
   */
  readonly tableName: string;
  /**
   * On-demand ceilings in request units per second (OnDemandThroughput): past them
   * DynamoDB throttles instead of billing (docs/infra.md "Backstops"). @default - none
   */
  readonly maxReadRequestUnits?: number;
  /** @default - none */
  readonly maxWriteRequestUnits?: number;
}

/**
 * The one table wirefeed keeps everything in, keyed exactly as lib/store/keys.ts says.
 * keys.ts defines no secondary index (every access pattern is a pk/sk query), so there
 * is none here; one added there gets built here from its export.
 *
 * It holds the publisher's articles, so it outlives mistakes: point-in-time recovery
 * (35 days), deletion protection, and RETAIN when its stack is deleted. Other stacks
 * reference it strongly (a CloudFormation export and import, whatever cdk.json's
 * default strength): CloudFormation then refuses to delete this stack, or to change the
 * table's name or ARN, while a stack that uses the table still imports them.
 */
export class ArticlesTable extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: ArticlesTableProps) {
    super(scope, id);
    const { partitionKey, sortKey } = TABLE_KEY_SCHEMA;
    this.table = new Table(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: partitionKey.name, type: ATTRIBUTE_TYPES[partitionKey.type] },
      sortKey: { name: sortKey.name, type: ATTRIBUTE_TYPES[sortKey.type] },
      // On-demand: feed traffic is bursty and mostly absorbed by CloudFront; idle costs nothing.
      billingMode: BillingMode.PAY_PER_REQUEST,
      maxReadRequestUnits: props.maxReadRequestUnits,
      maxWriteRequestUnits: props.maxWriteRequestUnits,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The AWS managed key (aws/dynamodb): stated in the template, its use visible in
      // CloudTrail, and no monthly key fee, unlike a customer managed key.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      // Items with this epoch-seconds attribute (WebSub leases, dead letters) expire by themselves.
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });
    CrossStackReferences.of(this.table).produce(ReferenceStrength.STRONG);
  }
}
