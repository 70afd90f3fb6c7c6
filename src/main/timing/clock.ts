import { SwitchyardError } from '../../shared/errors';

/**
 * The time source every router and the gateway supervisor use, injected so tests can replace it.
 * `now` is wall time (epoch ms) for timestamps, `monotonic` is for durations.
 */
export interface Clock {
  now(): number;
  monotonic(): number;
  /** Rejects with CANCELLED when the signal aborts (a fake may resolve instead: see `pause`). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall time for timestamps, performance.now() for durations, and a sleep that a cancel cuts short. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      const cancelled = () => new SwitchyardError('CANCELLED', 'The request was cancelled', { retryable: false });
      if (signal?.aborted) {
        reject(cancelled());
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(cancelled());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Sleeps on any Clock without throwing, whether that clock's sleep rejects or resolves on abort. */
export async function pause(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  try {
    await clock.sleep(ms, signal);
  } catch {
    // Aborted: the caller looks at the signal.
  }
}
