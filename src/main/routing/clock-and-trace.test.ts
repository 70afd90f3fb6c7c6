import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../shared/errors';
import { TraceBuilder } from './route-trace';
import { NO_RETRY, retryDelay } from './retry-policy';
import type { Clock } from '../timing/clock';

describe('TraceBuilder', () => {
  function manualClock(): Clock & { advance(ms: number): void } {
    let t = 1000;
    return { now: () => 1_700_000_000_000 + t, monotonic: () => t, sleep: async () => {}, advance: (ms) => (t += ms) };
  }

  it('counts latency minus network and caller waits as overhead', async () => {
    const clock = manualClock();
    const trace = new TraceBuilder('plano_proxy', clock);
    clock.advance(2); // our own work
    const to = { target: 'plano', via: 'plano_proxy', url: 'http://x', provider: 'openai', model: 'gpt-4o' } as const;
    const first = trace.beginAttempt(to, 1);
    await trace.wait(Promise.resolve().then(() => clock.advance(50)));
    trace.attemptResponded(first, 503, 50);
    trace.endAttempt(first, new SwitchyardError('UPSTREAM_ERROR', 'busy'));
    trace.retrying(first, 100);
    trace.addWait(100); // backoff
    clock.advance(100);
    const second = trace.beginAttempt(to, 2);
    clock.advance(1);
    trace.markFirstToken();
    trace.markFirstToken();
    trace.endAttempt(second);
    trace.fellBack('gateway down');
    trace.finish();
    clock.advance(500);
    const built = trace.build();
    expect(built).toMatchObject({ mode: 'plano_proxy', servedBy: 'plano_proxy', retries: 1, fallbackReason: 'gateway down', latencyMs: 153, overheadMs: 3, ttftMs: 153 });
    expect(built.attempts[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o', hop: 0, attempt: 1, outcome: 'retried', retryInMs: 100, status: 503, errorCode: 'UPSTREAM_ERROR', errorMessage: 'busy', ttfbMs: 50, durationMs: 50 });
    expect(built.attempts[1]).toMatchObject({ attempt: 2, outcome: 'served', durationMs: 1 });
    expect(built.attempts[1]!.errorCode).toBeUndefined();
  });
});

describe('retryDelay', () => {
  const retryable = new SwitchyardError('UPSTREAM_ERROR', 'x', { retryable: true });
  it('never retries with NO_RETRY, non-retryable errors or cancels', () => {
    expect(retryDelay(retryable, 0, NO_RETRY, () => 0.5)).toBeUndefined();
    const policy = { maxRetries: 3, backoffBaseMs: 100, backoffMaxMs: 1000, maxRetryAfterMs: 60_000 };
    expect(retryDelay(new SwitchyardError('AUTH_FAILED', 'x'), 0, policy, () => 0.5)).toBeUndefined();
    expect(retryDelay(new SwitchyardError('CANCELLED', 'x', { retryable: true }), 0, policy, () => 0.5)).toBeUndefined();
    expect(retryDelay(retryable, 2, policy, () => 0.999)).toBe(399);
    expect(retryDelay(retryable, 0, policy, () => 0)).toBe(0);
  });
});
