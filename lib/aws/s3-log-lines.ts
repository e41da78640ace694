import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** A log object's lines, streamed: gunzipped when its name says `.gz` (CloudFront's always do). */
export function linesOf(body: Readable, key: string): AsyncIterable<string> {
  const input = key.endsWith('.gz') ? body.pipe(createGunzip()) : body;
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

/** Reads a log object from S3 as lines, without holding the file in memory. */
export function s3LogLines(s3: S3Client) {
  return async (bucket: string, key: string): Promise<AsyncIterable<string>> => {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!Body) throw new Error(`s3://${bucket}/${key} has no body`);
    return linesOf(Body as Readable, key);
  };
}
