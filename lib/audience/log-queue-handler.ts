import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { errorField, type LogEvent, logger } from '../observability/logger';
import type { AudienceStore } from './audience-store';
import { type LogObject, processLog } from './log-processor';
import type { ReaderKeys } from './reader-keys';

/** What S3 puts in the queue for each new object (S3 event notification, version 2.x). */
interface S3EventBody {
  Event?: string;
  Records?: {
    eventName?: string;
    s3?: { bucket?: { name?: string }; object?: { key?: string; eTag?: string } };
  }[];
}

/** The log objects an S3 notification names; its keys are URL-encoded with `+` for spaces. */
export function logObjectsOf(body: string): LogObject[] {
  const parsed = JSON.parse(body) as S3EventBody;
  // S3 sends one `s3:TestEvent` when the notification is configured: nothing to count.
  if (parsed.Event === 's3:TestEvent') return [];
  return (parsed.Records ?? [])
    .filter((r) => r.eventName?.startsWith('ObjectCreated:'))
    .map((r) => {
      const bucket = r.s3?.bucket?.name;
      const key = r.s3?.object?.key;
      const etag = r.s3?.object?.eTag;
      if (!bucket || !key || !etag) throw new Error('An S3 event record without bucket, key or ETag');
      return { bucket, key: decodeURIComponent(key.replace(/\+/g, ' ')), etag };
    });
}

/**
 * The log processor on AWS: each SQS message is an S3 notification of new CloudFront log
 * files; each file is added to the daily figures once (lib/audience/log-processor.ts). A
 * message that fails is reported alone (partial batch response), so SQS retries only it,
 * and after the queue's retries it lands in the dead-letter queue, where an alarm fires.
 */
export function createLogQueueHandler({
  readLines,
  store,
  readers,
  log = ({ level, ...entry }) => logger[level](entry),
}: {
  readLines: (bucket: string, key: string) => Promise<AsyncIterable<string>>;
  store: AudienceStore;
  readers: ReaderKeys;
  log?: (entry: LogEvent & { level: 'info' | 'error' }) => void;
}) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        for (const object of logObjectsOf(record.body)) {
          const result = await processLog({
            object,
            lines: await readLines(object.bucket, object.key),
            store,
            readers,
          });
          log({ level: 'info', message: 'log file counted', key: object.key, ...result });
        }
      } catch (error) {
        log({
          level: 'error',
          message: 'log file not counted',
          messageId: record.messageId,
          error: errorField(error),
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
