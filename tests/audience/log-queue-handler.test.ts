import { createReadStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogQueueHandler, logObjectsOf } from '../../lib/audience/log-queue-handler';
import { linesOf } from '../../lib/aws/s3-log-lines';
import { anAudienceTable, SAMPLE_LOG, SAMPLE_LOG_FIGURES } from './support';

/** The sample log as S3 would hand it over: gzip-compressed, streamed. */
function gzippedSample() {
  const out = new PassThrough();
  createReadStream(SAMPLE_LOG).pipe(createGzip()).pipe(out);
  return out;
}

const KEY = 'cloudfront/E2EXAMPLE.2026-11-26-08.a1b2c3d4.gz';

/** An SQS message carrying S3's ObjectCreated notification, as the event source delivers it. */
function sqsEvent(messageId: string, body: unknown): SQSEvent {
  return {
    Records: [
      {
        messageId,
        receiptHandle: 'r',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        attributes: {} as SQSEvent['Records'][0]['attributes'],
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:logs',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

const created = (key: string) => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: {
        bucket: { name: 'wirefeed-logs' },
        object: { key, eTag: '9b2cf535f27731c974343645a3985328', size: 1234 },
      },
    },
  ],
});

describe('the log processor function', () => {
  let table: Awaited<ReturnType<typeof anAudienceTable>>;
  const logged: Record<string, unknown>[] = [];
  beforeEach(async () => {
    table = await anAudienceTable();
  });
  afterEach(async () => table.close());

  const handler = () =>
    createLogQueueHandler({
      readLines: async (_bucket, key) => linesOf(gzippedSample(), key),
      store: table.store,
      readers: table.readers,
      log: (entry) => logged.push(entry),
    });

  it('counts a gzipped log file once, however often S3 or SQS delivers its notification', async () => {
    expect(await handler()(sqsEvent('m1', created(KEY)))).toEqual({ batchItemFailures: [] });
    expect(await handler()(sqsEvent('m2', created(KEY)))).toEqual({ batchItemFailures: [] });
    expect(await table.stats.report({ from: '2026-11-26', to: '2026-11-27' })).toEqual(SAMPLE_LOG_FIGURES);
    expect(logged.filter((l) => l.message === 'log file counted').map((l) => l.written)).toEqual([3, 0]);
  });

  it('reports only the message that failed, and ignores S3’s test event', async () => {
    expect(await handler()(sqsEvent('bad', 'not json'))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'bad' }],
    });
    expect(await handler()(sqsEvent('test', { Service: 'Amazon S3', Event: 's3:TestEvent' }))).toEqual({
      batchItemFailures: [],
    });
  });

  it('decodes the object key as S3 encodes it', () => {
    expect(logObjectsOf(JSON.stringify(created('cloudfront/a+b%3Dc.gz')))[0]!.key).toBe(
      'cloudfront/a b=c.gz',
    );
  });
});
