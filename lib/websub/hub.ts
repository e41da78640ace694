import { randomBytes } from 'node:crypto';
import type { WebSubConfig } from '../config';
import { NotFoundError } from '../errors';
import { parseFeedQuery } from '../feeds/feed-query';
import type { FeedService } from '../feeds/feed-service';
import type { FeedStore } from '../feeds/feed-store';
import { advertisedHubs, discoveryLinks } from '../feeds/hub-discovery';
import { scopeId } from '../feeds/scope';
import { type LogEvent, logger } from '../observability/logger';
import { nextAttemptAt } from './backoff';
import { type CallbackClient, type CallbackResponse, RefusedAddressError } from './callback-client';
import { type HubRequest, parseHubRequest } from './hub-request';
import { type DeadLetter, type DeliveryResult, type HubJob, jobId, type TopicChange } from './model';
import { hubSignature } from './signature';
import { scopeFromId, topicFromUrl, topicsOf } from './topics';
import type { WebSubStore } from './websub-store';

/** Where jobs wait: the table's outbox locally, SQS on AWS. */
export interface JobQueue {
  enqueue(jobs: HubJob[]): Promise<void>;
}

export type JobOutcome =
  | { kind: 'done'; result?: DeliveryResult }
  | { kind: 'retry'; job: HubJob; result: DeliveryResult }
  | { kind: 'dead'; letter: DeadLetter };

export interface HubDeps {
  store: WebSubStore;
  articles: Pick<FeedStore, 'listFeedHeads'>;
  /** Renders what a topic serves: deliveries are the feed exactly as a reader polls it. */
  feeds: Pick<FeedService, 'resolveFeed'>;
  queue: JobQueue;
  call: CallbackClient;
  publicBaseUrl: string;
  websub: WebSubConfig;
  now: () => Date;
  random?: () => number;
  challenge?: () => string;
  log?: (event: LogEvent) => void;
}

export type Hub = ReturnType<typeof createHub>;

const is2xx = (status: number) => status >= 200 && status < 300;
const VERIFY_ATTEMPTS = 3;

/** The WebSub hub (W3C Recommendation 2018), for this site's own feeds. */
export function createHub(deps: HubDeps) {
  const { store, feeds, queue, call, publicBaseUrl, websub, now } = deps;
  const random = deps.random ?? Math.random;
  const challenge = deps.challenge ?? (() => randomBytes(24).toString('base64url'));
  const log = deps.log ?? ((event) => logger.info(event));
  const hubs = advertisedHubs(websub);
  // A long burst (an import) still delivers every so often, not only once it ends.
  const maxWaitMs = Math.max(10_000, websub.coalesceMs * 5);
  const defaultQuery = parseFeedQuery({});

  const fresh = <J extends object>(job: J & { topic: string; callback?: string; hub?: string }, at: Date) =>
    ({
      ...job,
      id: jobId(job as never),
      attempts: 0,
      firstAt: at.toISOString(),
      nextAt: at.toISOString(),
    }) as unknown as HubJob;

  /** Appends hub.* parameters to a callback that may have its own query (§5.3). */
  const withParams = (callback: string, params: Record<string, string>) => {
    const url = new URL(callback);
    for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
    return url.href;
  };

  const result = (
    at: Date,
    status: number,
    outcome: DeliveryResult['outcome'],
    detail?: string,
  ): DeliveryResult => ({ at: at.toISOString(), status, outcome, detail });

  /** A failed attempt: try again later, or give up after 24 hours into a dead letter. */
  const failed = (job: HubJob, at: Date, status: number, detail: string, limit?: number): JobOutcome => {
    const attempts = job.attempts + 1;
    const next =
      limit !== undefined && attempts >= limit ? undefined : nextAttemptAt(job.firstAt, attempts, at, random);
    if (!next)
      return {
        kind: 'dead',
        letter: {
          job: { ...job, attempts },
          at: at.toISOString(),
          lastResult: result(at, status, 'dead', detail),
        },
      };
    return {
      kind: 'retry',
      job: { ...job, attempts, nextAt: next.toISOString() },
      result: result(at, status, 'retrying', detail),
    };
  };

  async function attempt(
    request: Parameters<CallbackClient>[0],
  ): Promise<CallbackResponse | { status: 0; error: Error }> {
    try {
      return await call(request);
    } catch (error) {
      return { status: 0, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  async function verify(job: Extract<HubJob, { kind: 'verify' }>, at: Date): Promise<JobOutcome> {
    const token = challenge();
    const answer = await attempt({
      method: 'GET',
      url: withParams(job.callback, {
        'hub.mode': job.mode,
        'hub.topic': job.topic,
        'hub.challenge': token,
        ...(job.mode === 'subscribe' ? { 'hub.lease_seconds': String(job.leaseSeconds) } : {}),
      }),
    });
    if ('error' in answer) {
      if (answer.error instanceof RefusedAddressError)
        return { kind: 'done', result: result(at, 0, 'dead', answer.error.message) };
      return failed(job, at, 0, answer.error.message, VERIFY_ATTEMPTS);
    }
    // §5.3.1: only a 2xx echoing exactly the challenge confirms; anything else is a refusal, not a failure.
    if (!is2xx(answer.status) || answer.body !== token) {
      log({
        message: 'websub verification refused',
        mode: job.mode,
        topic: job.topic,
        status: answer.status,
      });
      return { kind: 'done' };
    }
    if (job.mode === 'unsubscribe') {
      await store.deleteSubscription(job.topic, job.callback);
    } else {
      await store.putSubscription({
        topic: job.topic,
        callback: job.callback,
        secret: job.secret,
        leaseSeconds: job.leaseSeconds,
        expiresAt: new Date(at.getTime() + job.leaseSeconds * 1000).toISOString(),
        createdAt: at.toISOString(),
      });
    }
    log({ message: `websub ${job.mode}d`, topic: job.topic, callbackHost: new URL(job.callback).host });
    return { kind: 'done' };
  }

  async function deny(job: Extract<HubJob, { kind: 'deny' }>): Promise<JobOutcome> {
    // §5.2: one notice; the subscriber owes no answer we act on.
    await attempt({
      method: 'GET',
      url: withParams(job.callback, {
        'hub.mode': 'denied',
        'hub.topic': job.topic,
        'hub.reason': job.reason,
      }),
    });
    return { kind: 'done' };
  }

  async function deliver(job: Extract<HubJob, { kind: 'deliver' }>, at: Date): Promise<JobOutcome> {
    // One GetItem: a publish makes a job per subscriber, so reading the topic's list here would cost n² reads.
    const subscription = await store.getSubscription(job.topic, job.callback);
    if (!subscription || subscription.expiresAt <= at.toISOString()) return { kind: 'done' };
    const topic = topicFromUrl(publicBaseUrl, job.topic);
    if (!topic) return { kind: 'done' };
    // §7: the topic's content as it serves it now — a burst sends the latest, once.
    const feed = await feeds.resolveFeed(topic.scope, topic.format, defaultQuery);
    const body = await feed.body();
    const answer = await attempt({
      method: 'POST',
      url: job.callback,
      headers: {
        'Content-Type': `${feed.mediaType}; charset=utf-8`,
        Link: discoveryLinks(hubs, topic.url),
        ...(subscription.secret ? { 'X-Hub-Signature': hubSignature(subscription.secret, body) } : {}),
      },
      body,
    });
    let outcome: JobOutcome;
    if ('error' in answer) {
      outcome =
        answer.error instanceof RefusedAddressError
          ? {
              kind: 'dead',
              letter: { job, at: at.toISOString(), lastResult: result(at, 0, 'dead', answer.error.message) },
            }
          : failed(job, at, 0, answer.error.message);
    } else if (is2xx(answer.status)) {
      outcome = { kind: 'done', result: result(at, answer.status, 'delivered') };
    } else if (answer.status === 410) {
      // §7: 410 Gone ends the subscription.
      await store.deleteSubscription(job.topic, job.callback);
      return { kind: 'done', result: result(at, 410, 'gone') };
    } else {
      outcome = failed(job, at, answer.status, `HTTP ${answer.status}`);
    }
    const recorded = outcome.kind === 'dead' ? outcome.letter.lastResult : outcome.result;
    if (recorded) await store.recordDelivery(job.topic, job.callback, recorded);
    return outcome;
  }

  async function ping(job: Extract<HubJob, { kind: 'ping' }>, at: Date): Promise<JobOutcome> {
    const answer = await attempt({
      method: 'POST',
      url: job.hub,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': job.topic }).toString(),
    });
    if (!('error' in answer) && is2xx(answer.status)) return { kind: 'done' };
    return failed(job, at, answer.status, 'error' in answer ? answer.error.message : `HTTP ${answer.status}`);
  }

  const isDue = (change: TopicChange, at: number) =>
    Date.parse(change.lastAt) + websub.coalesceMs <= at || Date.parse(change.firstAt) + maxWaitMs <= at;

  return {
    /** POST /websub: a checked request becomes a verification (or denial) job; §5.1, §5.2. */
    async request(form: URLSearchParams): Promise<HubRequest> {
      const request = parseHubRequest(form);
      const at = now();
      const topic = topicFromUrl(publicBaseUrl, request.topic);
      // An unknown category, tag or author is a 404 for readers and a denial here; a busy
      // table is neither, and surfaces as a 503.
      const known =
        topic !== undefined &&
        (await feeds.resolveFeed(topic.scope, topic.format, defaultQuery).then(
          () => true,
          (error) => {
            if (error instanceof NotFoundError) return false;
            throw error;
          },
        ));
      const job = known
        ? fresh({ kind: 'verify', ...request }, at)
        : fresh(
            {
              kind: 'deny',
              topic: request.topic,
              callback: request.callback,
              reason: `${request.topic} is not one of this site's feeds; subscribe to a feed's rel="self" URL.`,
            },
            at,
          );
      await queue.enqueue([job]);
      return request;
    },

    /**
     * Turns topic changes whose burst has settled (no change for the coalescing window,
     * or a long burst's maximum wait) into one delivery job per active subscription and
     * one ping per outside hub, then clears the markers it handled.
     */
    async distribute(at: Date = now()): Promise<number> {
      const due = (await store.listChanges()).filter((c) => isDue(c, at.getTime()));
      let queued = 0;
      for (const change of due) {
        const scope = scopeFromId(change.scopeId);
        const jobs: HubJob[] = [];
        for (const topic of scope ? topicsOf(publicBaseUrl, scope) : []) {
          for (const s of await store.listSubscriptions(topic.url))
            if (s.expiresAt > at.toISOString())
              jobs.push(fresh({ kind: 'deliver', topic: topic.url, callback: s.callback }, at));
          for (const hub of websub.outsideHubs) jobs.push(fresh({ kind: 'ping', hub, topic: topic.url }, at));
        }
        // Queued before the marker goes: a crash in between repeats jobs, never loses them.
        await queue.enqueue(jobs);
        await store.clearChange(change, at);
        queued += jobs.length;
      }
      return queued;
    },

    /** Scheduled articles that came due since the last check change their feeds (no write marks them). */
    async checkScheduled(at: Date = now()): Promise<number> {
      const until = at.toISOString();
      const since = await store.getScheduleClock();
      let marked = 0;
      if (since !== undefined) {
        const heads = await deps.articles.listFeedHeads();
        const due = heads.filter((h) => h.scheduled.some((s) => s > since && s <= until));
        await store.markChanged(
          due.map((h) => scopeId(h.scope)),
          at,
        );
        marked = due.length;
      }
      await store.setScheduleClock(until);
      return marked;
    },

    /** One attempt at a job. */
    async run(job: HubJob, at: Date = now()): Promise<JobOutcome> {
      switch (job.kind) {
        case 'verify':
          return verify(job, at);
        case 'deny':
          return deny(job);
        case 'deliver':
          return deliver(job, at);
        case 'ping':
          return ping(job, at);
      }
    },
  };
}
