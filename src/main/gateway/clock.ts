import type { Clock } from '../routing/types';

export { systemClock } from '../routing/clock';

/** Sleeps on any Clock without throwing, whether that clock's sleep rejects or resolves on abort. */
export async function pause(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  try {
    await clock.sleep(ms, signal);
  } catch {
    // Aborted: the caller looks at the signal.
  }
}

/** Exponential backoff with jitter in [50%, 100%] of the step, so restarts of many gateways spread out. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step * (0.5 + random() * 0.5));
}
