import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ArticlesTable } from '../constructs/articles-table';
import type { Settings } from '../settings';

export interface DataStackProps extends StackProps {
  readonly settings: Settings;
}

/** What must survive everything else: the articles table. Deployed first, changed rarely. */
export class DataStack extends Stack {
  public readonly articles: ArticlesTable;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    this.articles = new ArticlesTable(this, 'Articles', { tableName: props.settings.tableName });
    new CfnOutput(this, 'TableName', {
      description: 'TABLE_NAME for tools that load articles into this table',
      value: this.articles.table.tableName,
    });
  }
}
