import type { Reason } from './mapped-entry';
import type { PutOutcome } from './write-api';

/**
 * Retries for 429, 5xx and network errors: exponential backoff with full jitter
 * (a random wait between 0 and min(cap, base · 2^n), so a crowd of importers spreads
 * out), or exactly what `Retry-After` asks for when the server says.
 */

export interface RetryPolicy {
  /** First try included. @default 6 */
  maxAttempts: number;
  /** @default 200 ms */
  baseMs: number;
  /** @default 10 s */
  capMs: number;
  /** A `Retry-After` longer than this is shortened to it. @default 60 s */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseMs: 200,
  capMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/** The wait after the `failures`-th failed attempt (1-based). */
export function backoffMs(failures: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (failures - 1));
  return Math.floor(random() * ceiling);
}

export type FinalOutcome =
  | { kind: 'created' | 'updated'; status: number; attempts: number }
  | { kind: 'rejected'; status: number | null; reasons: Reason[]; attempts: number }
  | { kind: 'not-api'; status: number; reasons: Reason[]; attempts: number };

export interface RetryDeps {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export async function withRetries(
  attempt: () => Promise<PutOutcome>,
  deps: RetryDeps,
): Promise<FinalOutcome> {
  const { policy, sleep, random } = deps;
  for (let attempts = 1; ; attempts++) {
    const outcome = await attempt();
    if (outcome.kind !== 'retryable') return { ...outcome, attempts };
    if (attempts >= policy.maxAttempts) {
      return {
        kind: 'rejected',
        status: outcome.status,
        reasons: [...outcome.reasons, { detail: `gave up after ${attempts} attempts` }],
        attempts,
      };
    }
    const wait =
      outcome.retryAfterMs !== undefined
        ? Math.min(outcome.retryAfterMs, policy.maxRetryAfterMs)
        : backoffMs(attempts, policy, random);
    await sleep(wait);
  }
}
