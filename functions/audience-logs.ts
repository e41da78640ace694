import { S3Client } from '@aws-sdk/client-s3';
import { createLogQueueHandler } from '../lib/audience/log-queue-handler';
import { ReaderKeys } from '../lib/audience/reader-keys';
import { s3LogLines } from '../lib/aws/s3-log-lines';
import { loadConfig } from '../lib/config';
import { observed } from '../lib/observability/lambda';
import { createDocumentClient } from '../lib/store/client';
import { DynamoAudienceStore } from '../lib/store/dynamo-audience-store';
import { DynamoReaderSalts } from '../lib/store/dynamo-reader-salts';

// Built once per execution environment, reused by every invocation.
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });

export const handler = observed(
  createLogQueueHandler({
    readLines: s3LogLines(new S3Client({ region: config.region })),
    store: new DynamoAudienceStore(client, config.tableName),
    readers: new ReaderKeys(new DynamoReaderSalts(client, config.tableName)),
  }),
);
