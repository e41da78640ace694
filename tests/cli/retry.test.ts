import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_RETRY_POLICY, type RetryDeps, withRetries } from '../../lib/cli/import/retry';
import { type PutOutcome, parseRetryAfter } from '../../lib/cli/import/write-api';

const policy = DEFAULT_RETRY_POLICY;

/** Sleeps nothing, remembers how long it was asked to. */
function recordingDeps(random = () => 0.5) {
  const waits: number[] = [];
  const deps: RetryDeps = { policy, random, sleep: async (ms) => void waits.push(ms) };
  return { deps, waits };
}

function answers(...outcomes: PutOutcome[]) {
  let calls = 0;
  const attempt = async () => {
    const outcome = outcomes[Math.min(calls, outcomes.length - 1)] as PutOutcome;
    calls++;
    return outcome;
  };
  return { attempt, calls: () => calls };
}

const unavailable = (retryAfterMs?: number): PutOutcome => ({
  kind: 'retryable',
  status: 503,
  reasons: [{ detail: 'busy' }],
  retryAfterMs,
});

describe('backoffMs: exponential with full jitter', () => {
  it('waits between 0 and min(cap, base · 2^(n-1))', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n, policy, () => 0.999_999) + 1);

    expect(ceilings).toEqual([200, 400, 800, 1600, 3200, 6400, 10_000, 10_000]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
    expect(backoffMs(3, policy, () => 0.5)).toBe(400);
  });
});

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  const now = new Date('2026-03-12T10:00:00Z');

  it('reads delay-seconds and HTTP-dates', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Thu, 12 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 12 Mar 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('withRetries', () => {
  it('retries until an answer, waiting what Retry-After says, else the backoff', async () => {
    const { deps, waits } = recordingDeps();
    const { attempt, calls } = answers(unavailable(0), unavailable(), unavailable(2_000), {
      kind: 'created',
      status: 201,
    });

    const outcome = await withRetries(attempt, deps);

    expect(outcome).toEqual({ kind: 'created', status: 201, attempts: 4 });
    expect(calls()).toBe(4);
    expect(waits).toEqual([0, 200, 2_000]);
  });

  it('gives up after 6 attempts with the last answer', async () => {
    const { deps, waits } = recordingDeps();
    const { attempt, calls } = answers(unavailable(0));

    const outcome = await withRetries(attempt, deps);

    expect(calls()).toBe(6);
    expect(waits).toHaveLength(5);
    expect(outcome).toEqual({
      kind: 'rejected',
      status: 503,
      reasons: [{ detail: 'busy' }, { detail: 'gave up after 6 attempts' }],
      attempts: 6,
    });
  });

  it('never retries a final answer', async () => {
    const { deps, waits } = recordingDeps();
    const { attempt, calls } = answers({
      kind: 'rejected',
      status: 400,
      reasons: [{ pointer: '/title', detail: 'x' }],
    });

    const outcome = await withRetries(attempt, deps);

    expect(calls()).toBe(1);
    expect(waits).toEqual([]);
    expect(outcome).toMatchObject({ kind: 'rejected', status: 400, attempts: 1 });
  });

  it('shortens an extreme Retry-After to a minute', async () => {
    const { deps, waits } = recordingDeps();
    const { attempt } = answers(unavailable(86_400_000), { kind: 'updated', status: 200 });

    await withRetries(attempt, deps);

    expect(waits).toEqual([60_000]);
  });
});
