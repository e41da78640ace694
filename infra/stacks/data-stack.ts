import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ArticlesTable } from '../constructs/articles-table';

/** What must survive everything else: the articles table. Deployed first, changed rarely. */
export class DataStack extends Stack {
  public readonly articles: ArticlesTable;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.articles = new ArticlesTable(this, 'Articles');
    new CfnOutput(this, 'TableName', {
      description: 'TABLE_NAME for tools that load articles into this table',
      value: this.articles.table.tableName,
    });
  }
}
