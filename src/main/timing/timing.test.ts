import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../shared/errors';
import { backoffDelay, fullJitterDelay } from './backoff';
import { pause, systemClock } from './clock';

describe('systemClock', () => {
  it('sleeps, and a cancel cuts the sleep short with CANCELLED', async () => {
    const start = systemClock.monotonic();
    await systemClock.sleep(20);
    expect(systemClock.monotonic() - start).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const pending = systemClock.sleep(10_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(systemClock.sleep(10, AbortSignal.abort())).rejects.toBeInstanceOf(SwitchyardError);
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1000);
  });

  it('pauses on the real clock and ends early on abort', async () => {
    const controller = new AbortController();
    const p = pause(systemClock, 60_000, controller.signal);
    controller.abort();
    await p;
    await pause(systemClock, 1);
    await pause(systemClock, 1, controller.signal);
    const rejecting = { ...systemClock, sleep: () => Promise.reject(new Error('aborted')) };
    await expect(pause(rejecting, 5)).resolves.toBeUndefined();
    expect(systemClock.monotonic()).toBeGreaterThan(0);
  });
});

describe('backoff', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(1, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(3, 500, 30_000, () => 0.999999)).toBe(2000);
    expect(backoffDelay(20, 500, 30_000, () => 0.999999)).toBe(30_000);
  });

  it('spreads retries over the whole capped step (full jitter)', () => {
    expect(fullJitterDelay(0, 100, 1_000, () => 0)).toBe(0);
    expect(fullJitterDelay(2, 100, 1_000, () => 0.999)).toBe(399);
    expect(fullJitterDelay(10, 100, 1_000, () => 0.5)).toBe(500);
  });
});
