import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../shared/chat';
import type { ProviderConfig } from '../../shared/config';
import { startAnthropicMock, type AnthropicMock } from '../../../test/mocks/anthropic-mock.mjs';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { collect, routeError as routeErrorOf } from '../../../test/support/route-helpers';
import { makeConfig, provider, recordingClock, type RecordingClock } from '../../../test/mocks/test-config';
import { DirectRouter, RouteError, type Router } from './index';

/**
 * Direct mode's retries, one test per fault: what is retried (connection refused or reset, 408, 429,
 * 5xx, 529) and how long it waits, what is not (400, 401, a Retry-After over the cap, anything after the
 * first token). Sleeps go to a recording clock, so waits are asserted exactly and never taken.
 */

let openai: OpenAIMock;
let anthropic: AnthropicMock;
let router: Router;
let clock: RecordingClock;

function makeRouter(overrides: Partial<ProviderConfig> = {}, baseUrl = openai.url): Router {
  clock = recordingClock();
  // Cooldowns are their own tests (provider-cooldowns.test.ts): off here, so each test sees retries alone.
  const cooldown = { afterFailures: 0, durationMs: 0 };
  return new DirectRouter(makeConfig([provider('openai', 'openai', baseUrl, { cooldown, ...overrides }), provider('claude', 'anthropic', anthropic.url, { cooldown })]), { clock, random: () => 0.5 });
}

beforeEach(async () => {
  openai = await startOpenAIMock({ apiKey: 'sk-test' });
  anthropic = await startAnthropicMock({ apiKey: 'sk-ant-test' });
  router = makeRouter();
});
afterEach(async () => {
  await router.close();
  await openai.close();
  await anthropic.close();
});

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content }], ...extra });

const routeError = (request: ChatRequest): Promise<RouteError> => routeErrorOf(router, request);

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Direct retries (default: 2 retries, backoff from 250 ms with full jitter)', () => {
  it('retries a refused connection, then reports NETWORK_ERROR with every attempt traced', async () => {
    await router.close();
    router = makeRouter({}, `http://127.0.0.1:${await closedPort()}/v1`);
    const error = await routeError(ask('x'));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', details: { cause: 'ECONNREFUSED', attempts: 3 } });
    expect(error.trace?.attempts.map((a) => [a.attempt, a.outcome, a.errorCode])).toEqual([
      [1, 'retried', 'NETWORK_ERROR'],
      [2, 'retried', 'NETWORK_ERROR'],
      [3, 'failed', 'NETWORK_ERROR'],
    ]);
    // random() = 0.5: half of 250·2^n.
    expect(clock.sleeps).toEqual([125, 250]);
    expect(error.trace?.attempts.map((a) => a.retryInMs)).toEqual([125, 250, undefined]);
    expect(error.trace?.retries).toBe(2);
  });

  it('retries a connection reset before the headers', async () => {
    openai.behave([{ reset: true }, {}]);
    const res = await router.route(ask('after a reset'));
    expect(res.content).toBe('after a reset');
    expect(res.trace.attempts.map((a) => [a.outcome, a.errorCode])).toEqual([
      ['retried', 'NETWORK_ERROR'],
      ['served', undefined],
    ]);
    expect(openai.chatRequests()).toHaveLength(2);
  });

  it.each([408, 500, 503])('retries HTTP %i', async (status) => {
    openai.behave([{ status }, {}]);
    const res = await router.route(ask('x'));
    expect(res.trace.attempts.map((a) => [a.status, a.outcome])).toEqual([
      [status, 'retried'],
      [200, 'served'],
    ]);
    expect(clock.sleeps).toEqual([125]);
  });

  it("retries Anthropic's 529 overloaded", async () => {
    anthropic.behave([{ status: 529 }, { status: 529 }, {}]);
    const res = await router.route(ask('x', { provider: 'claude' }));
    expect(res.trace.attempts.map((a) => [a.status, a.errorCode, a.outcome])).toEqual([
      [529, 'UPSTREAM_ERROR', 'retried'],
      [529, 'UPSTREAM_ERROR', 'retried'],
      [200, undefined, 'served'],
    ]);
    expect(anthropic.requests).toHaveLength(3);
  });

  it('waits out a 429 Retry-After (seconds or HTTP date), and backs off on a 429 without one', async () => {
    openai.behave([{ status: 429, retryAfter: 2 }, {}]);
    await router.route(ask('x'));
    expect(clock.sleeps).toEqual([2000]);

    await router.close();
    router = makeRouter();
    clock.advance(0);
    const now = clock.now();
    openai.behave([{ status: 429, retryAfter: new Date(now + 5000).toUTCString() }, {}]);
    await router.route(ask('x'));
    expect(clock.sleeps[0]).toBeGreaterThan(3000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(5000);

    await router.close();
    router = makeRouter();
    openai.behave([{ status: 429 }, {}]);
    const res = await router.route(ask('x'));
    expect(clock.sleeps).toEqual([125]);
    expect(res.trace.attempts[0]).toMatchObject({ status: 429, errorCode: 'RATE_LIMITED', outcome: 'retried', retryInMs: 125 });
  });

  it('does not wait out a Retry-After over retry_after_max: RATE_LIMITED goes back with retryAfterMs', async () => {
    await router.close();
    router = makeRouter({ retry: { maxRetries: 2, backoffBaseMs: 250, backoffMaxMs: 8000, maxRetryAfterMs: 10_000 } });
    openai.behave([{ status: 429, retryAfter: 11 }, {}]);
    const error = await routeError(ask('x'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 11_000 } });
    expect(openai.chatRequests()).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it.each([
    [400, 'UPSTREAM_ERROR'],
    [401, 'AUTH_FAILED'],
  ])('never retries HTTP %i', async (status, code) => {
    openai.behave({ status });
    const error = await routeError(ask('x'));
    expect(error).toMatchObject({ code, retryable: false, details: { status } });
    expect(error.trace?.attempts.map((a) => a.outcome)).toEqual(['failed']);
    expect(openai.chatRequests()).toHaveLength(1);
  });

  it('never retries once the first token reached the caller', async () => {
    openai.behave([{ reply: 'a b c d', dropAfterChunks: 2 }, {}]);
    const parts = await collect(router.stream(ask('x')));
    expect(parts.filter((p) => p.type === 'text-delta')).toHaveLength(2);
    const last = parts.at(-1);
    expect(last).toMatchObject({ type: 'error', error: { code: 'NETWORK_ERROR' } });
    if (last?.type === 'error') expect(last.trace?.attempts.map((a) => a.outcome)).toEqual(['failed']);
    expect(openai.chatRequests()).toHaveLength(1);
  });

  it('takes its settings per provider: retry_count 0 tries once, and the backoff is capped', async () => {
    await router.close();
    router = makeRouter({ retry: { maxRetries: 0, backoffBaseMs: 250, backoffMaxMs: 8000, maxRetryAfterMs: 60_000 } });
    openai.behave({ status: 503 });
    expect(await routeError(ask('x'))).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 503 } });
    expect(openai.chatRequests()).toHaveLength(1);

    await router.close();
    router = makeRouter({ retry: { maxRetries: 4, backoffBaseMs: 1000, backoffMaxMs: 3000, maxRetryAfterMs: 60_000 } });
    openai.behave([{ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 }, {}]);
    await router.route(ask('x'));
    expect(clock.sleeps).toEqual([500, 1000, 1500, 1500]);
  });
});
