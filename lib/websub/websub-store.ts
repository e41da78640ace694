import type { Cursor } from '../cursor';
import type { DeadLetter, DeliveryResult, HubJob, Subscription, TopicChange } from './model';

/** The hub's port to the table; `DynamoWebSubStore` is the adapter. */
export interface WebSubStore {
  putSubscription(subscription: Subscription): Promise<void>;
  deleteSubscription(topic: string, callback: string): Promise<void>;
  /** One subscription (expired included), or undefined. */
  getSubscription(topic: string, callback: string): Promise<Subscription | undefined>;
  /** A page of every subscription, by topic then callback, for admins; `cursor` continues a previous page. */
  listSubscriptionPage(page: {
    limit: number;
    cursor?: Cursor;
  }): Promise<{ items: Subscription[]; cursor?: Cursor }>;
  /** A topic's subscriptions, or every subscription; expired ones included (callers filter). */
  listSubscriptions(topic?: string): Promise<Subscription[]>;
  /** Records the outcome on the subscription, if it still exists. */
  recordDelivery(topic: string, callback: string, result: DeliveryResult): Promise<void>;
  /** Removes subscriptions whose lease ended (the local engine has no TTL). */
  deleteExpired(now: Date): Promise<number>;

  /** Feeds changed (scope ids as in feed heads); one marker per feed, a burst bumps it. */
  markChanged(scopeIds: string[], now: Date): Promise<void>;
  listChanges(): Promise<TopicChange[]>;
  /** Clears a marker unless it changed again since it was read; then its burst restarts at `at`. */
  clearChange(change: TopicChange, at: Date): Promise<void>;

  /** Local outbox: jobs due now or later, at most one per id (a newer put keeps the retry state). */
  putJob(job: HubJob): Promise<void>;
  /** Sets a job's retry state (attempts, next attempt). */
  updateJob(job: HubJob): Promise<void>;
  listJobs(): Promise<HubJob[]>;
  /** Deletes a finished job, unless a newer change joined it meanwhile. */
  deleteJob(job: HubJob): Promise<void>;

  putDeadLetter(letter: DeadLetter): Promise<void>;
  listDeadLetters(limit: number): Promise<DeadLetter[]>;

  /** Scheduled entries have been checked for coming due up to this instant. */
  getScheduleClock(): Promise<string | undefined>;
  setScheduleClock(at: string): Promise<void>;
}
