import { SwitchyardError } from '../../shared/errors';
import type { Clock } from './types';

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
