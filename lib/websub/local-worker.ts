import { type LogEvent, logger } from '../observability/logger';
import type { Hub, JobQueue } from './hub';
import type { HubJob } from './model';
import type { WebSubStore } from './websub-store';

export interface LocalHubWorker {
  /** Run a pass now (after a subscription request or a write) instead of at the next tick. */
  kick(): void;
  /** One whole pass, waiting for any pass under way first: tests and shutdown use it. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Jobs go into the table's outbox, so a restart resumes whatever was pending. */
export function tableQueue(store: WebSubStore, onEnqueue: () => void = () => {}): JobQueue {
  return {
    async enqueue(jobs) {
      for (const job of jobs) await store.putJob(job);
      if (jobs.length) onEnqueue();
    },
  };
}

/**
 * The hub's worker in the local server's process: every tick it checks scheduled
 * entries, turns settled topic changes into jobs, and runs the jobs that are due —
 * all state in the table, none only in memory. On AWS, SQS and EventBridge do this.
 */
export function startLocalHubWorker({
  hub,
  store,
  now,
  intervalMs = 250,
  sweepEveryMs = 60_000,
  concurrency = 8,
  log = (event) => logger.warn(event),
}: {
  hub: Hub;
  store: WebSubStore;
  now: () => Date;
  intervalMs?: number;
  sweepEveryMs?: number;
  concurrency?: number;
  log?: (event: LogEvent) => void;
}): LocalHubWorker {
  let running: Promise<void> | undefined;
  let again = false;
  let lastSweep = Number.NEGATIVE_INFINITY;
  let lastScheduleCheck = Number.NEGATIVE_INFINITY;

  async function runJob(job: HubJob, at: Date) {
    const outcome = await hub.run(job, at);
    if (outcome.kind === 'retry') return store.updateJob(outcome.job);
    if (outcome.kind === 'dead') await store.putDeadLetter(outcome.letter);
    await store.deleteJob(job);
  }

  async function pass() {
    const at = now();
    // Once a second is enough for articles falling due, and spares the table a write per tick.
    if (at.getTime() - lastScheduleCheck >= 1_000 || at.getTime() < lastScheduleCheck) {
      lastScheduleCheck = at.getTime();
      await hub.checkScheduled(at);
    }
    await hub.distribute(at);
    const due = (await store.listJobs()).filter((j) => j.nextAt <= at.toISOString());
    // A few at a time: one slow subscriber (10 s timeout) does not hold up the others.
    for (let i = 0; i < due.length; i += concurrency)
      await Promise.all(due.slice(i, i + concurrency).map((job) => runJob(job, at)));
    if (at.getTime() - lastSweep >= sweepEveryMs) {
      lastSweep = at.getTime();
      await store.deleteExpired(at);
    }
  }

  /** Passes never overlap: a kick during a pass runs another one right after it. */
  function schedule(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass().catch((error) => log({ message: 'websub worker pass failed', error: String(error) }));
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }
  const tick = () => void schedule();

  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    kick: tick,
    async drain() {
      while (running) await running;
      await schedule();
    },
    async stop() {
      clearInterval(timer);
      while (running) await running;
    },
  };
}
