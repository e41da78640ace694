import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueue } from './hub';
import type { HubJob } from './model';

/** What an SQS message of the hub carries: a job, or "distribute the topics that changed". */
export type HubMessage = { job: HubJob } | { distribute: true };

/** SQS delays a message by at most 15 minutes; a later retry is re-delayed when it arrives. */
export const MAX_DELAY_SECONDS = 900;

export function delaySeconds(job: HubJob, now: Date): number {
  const wait = Math.ceil((Date.parse(job.nextAt) - now.getTime()) / 1000);
  return Math.max(0, Math.min(MAX_DELAY_SECONDS, wait));
}

/**
 * On AWS jobs go through SQS: verifications and denials to one queue, deliveries and
 * pings to another, each with its dead-letter queue (infra/constructs/websub-hub.ts).
 * A retry is a new message delayed until its attempt is due.
 */
export function sqsQueue(
  sqs: SQSClient,
  queues: { verify: string; delivery: string },
  now: () => Date,
): JobQueue & { kickDistribution(afterSeconds: number): Promise<void> } {
  return {
    async enqueue(jobs) {
      const at = now();
      const byQueue = new Map<string, HubJob[]>();
      for (const job of jobs) {
        const url = job.kind === 'verify' || job.kind === 'deny' ? queues.verify : queues.delivery;
        byQueue.set(url, [...(byQueue.get(url) ?? []), job]);
      }
      for (const [QueueUrl, list] of byQueue)
        for (let i = 0; i < list.length; i += 10) {
          const batch = list.slice(i, i + 10);
          const { Failed } = await sqs.send(
            new SendMessageBatchCommand({
              QueueUrl,
              Entries: batch.map((job, n) => ({
                Id: String(n),
                MessageBody: JSON.stringify({ job } satisfies HubMessage),
                DelaySeconds: delaySeconds(job, at),
              })),
            }),
          );
          if (Failed?.length)
            throw new Error(`SQS refused ${Failed.length} hub job(s): ${Failed[0]?.Message}`);
        }
    },
    /** After an article write: distribute once its burst has had time to settle. */
    async kickDistribution(afterSeconds) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queues.delivery,
          MessageBody: JSON.stringify({ distribute: true } satisfies HubMessage),
          DelaySeconds: Math.min(MAX_DELAY_SECONDS, afterSeconds),
        }),
      );
    },
  };
}
