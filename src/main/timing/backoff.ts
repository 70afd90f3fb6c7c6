/**
 * Capped exponential backoff. Two jitters, for two jobs: request retries use full jitter (anywhere in
 * [0, step)), which spreads many clients' retries the most; gateway restarts use equal jitter ([50%, 100%]
 * of the step), so a restart never comes almost at once after a crash.
 */

/** min(maxMs, baseMs · 2^n) for the n-th wait (0-based). */
function step(n: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, n));
}

/** Wait before retry number `retry` (0-based), uniformly in [0, step). */
export function fullJitterDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.floor(random() * step(retry, baseMs, maxMs));
}

/** Wait before restart number `attempt` (1-based), in [50%, 100%] of the step. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.round(step(attempt - 1, baseMs, maxMs) * (0.5 + random() * 0.5));
}
