/** What the hub keeps: subscriptions, topic changes, jobs and dead letters. */

export interface Subscription {
  topic: string;
  callback: string;
  /** HMAC key for X-Hub-Signature (WebSub §7.1); never shown or echoed. */
  secret?: string;
  leaseSeconds: number;
  /** UTC ISO; no deliveries after it, and the subscription is removed. */
  expiresAt: string;
  createdAt: string;
  lastDelivery?: DeliveryResult;
}

export interface DeliveryResult {
  at: string;
  /** HTTP status, or 0 when no answer came (timeout, refused address, network error). */
  status: number;
  outcome: 'delivered' | 'retrying' | 'gone' | 'dead';
  detail?: string;
}

/** A feed whose content changed: `changes` counts writes, `lastAt` trails the burst. */
export interface TopicChange {
  scopeId: string;
  firstAt: string;
  lastAt: string;
  changes: number;
}

export type HubJob = (
  | {
      kind: 'verify';
      mode: 'subscribe' | 'unsubscribe';
      topic: string;
      callback: string;
      leaseSeconds: number;
      secret?: string;
    }
  | { kind: 'deny'; topic: string; callback: string; reason: string }
  | { kind: 'deliver'; topic: string; callback: string }
  | { kind: 'ping'; hub: string; topic: string }
) & {
  /** One pending job per subscription (or ping): a newer change joins the pending one. */
  id: string;
  attempts: number;
  /** UTC ISO: when the first attempt was due; retries stop 24 hours after it. */
  firstAt: string;
  /** UTC ISO: when the next attempt is due. */
  nextAt: string;
  /** Local outbox: goes up when a newer change joins the job, so finishing an older run keeps it. */
  generation?: number;
};

export interface DeadLetter {
  job: HubJob;
  at: string;
  lastResult: DeliveryResult;
}

export function jobId(job: Pick<HubJob, 'kind'> & { topic: string; callback?: string; hub?: string }) {
  return `${job.kind}:${job.topic} ${job.callback ?? job.hub ?? ''}`;
}
