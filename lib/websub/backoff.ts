/** Retries stop this long after the first attempt was due (the issue: up to 24 hours). */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const FIRST_DELAY_MS = 10_000;
const MAX_DELAY_MS = 4 * 3_600_000;

/**
 * When to try again after `attempts` failed attempts: exponential (10 s, 20 s, 40 s, …,
 * at most 4 h) with "equal jitter" — half the delay fixed, half random — so subscribers
 * that failed together do not all come back at the same instant. `undefined`: give up.
 */
export function nextAttemptAt(
  firstAt: string,
  attempts: number,
  now: Date,
  random: () => number = Math.random,
): Date | undefined {
  const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  const at = new Date(now.getTime() + delay / 2 + random() * (delay / 2));
  return at.getTime() - Date.parse(firstAt) > GIVE_UP_AFTER_MS ? undefined : at;
}
