import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SlugRegistry } from '../articles/slug-registry';
import { slugClaimKey } from './keys';
import { sendConditional } from './send';

/**
 * Slug claims in the articles table: one item per slug, written only if absent or
 * already the same article's. DynamoDB evaluates the condition and the write as one
 * step, so concurrent creates with one title each end up with their own slug. Claims
 * are kept when an article is deleted or renamed: an old URL never names a new story.
 */
export class DynamoSlugRegistry implements SlugRegistry {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  claimSlug(slug: string, articleId: string): Promise<boolean> {
    return sendConditional(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: { ...slugClaimKey(slug), articleId },
        ConditionExpression: 'attribute_not_exists(pk) OR articleId = :id',
        ExpressionAttributeValues: { ':id': articleId },
      }),
    );
  }
}
