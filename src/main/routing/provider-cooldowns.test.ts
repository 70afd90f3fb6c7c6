import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamPart } from '../../shared/chat';
import type { ProviderConfig } from '../../shared/config';
import { gate } from '../../../test/mocks/mock-http.mjs';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { until } from '../../../test/support/until';
import { routeError as routeErrorOf } from '../../../test/support/route-helpers';
import { makeConfig, provider, recordingClock, type RecordingClock } from '../../../test/mocks/test-config';
import { DirectRouter, RouteError, type Router } from './index';
import { ProviderCooldowns } from './provider-cooldowns';

/**
 * The circuit breaker: after `afterFailures` requests in a row failed transiently, the provider is skipped
 * (COOLING_DOWN, no request sent) until the cooldown ends; then one request probes it, and its outcome
 * closes or reopens the breaker. Wall time is a fake clock the test moves on.
 */

let openai: OpenAIMock;
let router: Router;
let clock: RecordingClock;
let cooldowns: ProviderCooldowns;
const T0 = Date.parse('2026-03-01T12:00:00Z');
const once = { maxRetries: 0, backoffBaseMs: 0, backoffMaxMs: 0, maxRetryAfterMs: 60_000 };

function makeRouter(overrides: Partial<ProviderConfig> = {}): Router {
  clock = recordingClock(T0);
  cooldowns = new ProviderCooldowns();
  return new DirectRouter(makeConfig([provider('openai', 'openai', openai.url, { retry: once, cooldown: { afterFailures: 2, durationMs: 30_000 }, ...overrides })]), { clock, cooldowns });
}

beforeEach(async () => {
  openai = await startOpenAIMock({ apiKey: 'sk-test' });
  router = makeRouter();
});
afterEach(async () => {
  await router.close();
  await openai.close();
});

const ask = (content: string): ChatRequest => ({ messages: [{ role: 'user', content }] });

const routeError = (request: ChatRequest): Promise<RouteError> => routeErrorOf(router, request);

async function failTwice(): Promise<RouteError> {
  openai.behave({ status: 503 });
  await routeError(ask('x'));
  return routeError(ask('x'));
}

describe('provider cooldowns', () => {
  it('opens after cooldown_after failed requests in a row: the next fails fast naming the provider and when it is tried again', async () => {
    const opening = await failTwice();
    expect(opening.trace?.attempts[0]).toMatchObject({ outcome: 'failed', cooldownUntil: T0 + 30_000 });
    expect(cooldowns.list(clock.now())).toEqual([{ provider: 'openai', via: 'direct', until: T0 + 30_000, failures: 2, probing: false }]);

    const error = await routeError(ask('x'));
    expect(error).toMatchObject({ code: 'COOLING_DOWN', retryable: true, details: { provider: 'openai', cooldownUntil: T0 + 30_000, retryAfterMs: 30_000 } });
    expect(error.message).toBe('openai is cooling down after 2 failed requests in a row; it will be tried again in 30 s (at 2026-03-01T12:00:30.000Z)');
    expect(error.trace?.attempts).toEqual([expect.objectContaining({ target: 'openai', outcome: 'skipped', cooldownUntil: T0 + 30_000, durationMs: 0 })]);
    // No request reached the provider.
    expect(openai.chatRequests()).toHaveLength(2);
  });

  it('after the cooldown, one probe goes through while others are still turned away; its success closes the breaker', async () => {
    await failTwice();
    clock.advance(30_000);
    const hold = gate();
    openai.behave([{ reply: 'probe reply', holdAfterChunks: 1, release: hold.released }, {}]);
    const probe = router.stream({ ...ask('x'), stream: true })[Symbol.asyncIterator]();
    let part: IteratorResult<StreamPart>;
    do part = await probe.next();
    while (!part.done && part.value.type !== 'text-delta');
    // The probe is in flight: another request does not pile on.
    expect(cooldowns.list(clock.now())).toEqual([expect.objectContaining({ provider: 'openai', probing: true })]);
    expect(await routeError(ask('y'))).toMatchObject({ code: 'COOLING_DOWN' });
    hold.release();
    while (!(await probe.next()).done);
    expect(cooldowns.list(clock.now())).toEqual([]);
    expect((await router.route(ask('closed again'))).content).toBe('closed again');
    expect(openai.chatRequests()).toHaveLength(4);
  });

  it('a failed probe opens it again at once, for another full cooldown', async () => {
    await failTwice();
    clock.advance(30_000);
    const probe = await routeError(ask('x'));
    expect(probe).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 503 } });
    expect(probe.trace?.attempts[0]?.cooldownUntil).toBe(T0 + 60_000);
    expect(await routeError(ask('x'))).toMatchObject({ code: 'COOLING_DOWN', details: { cooldownUntil: T0 + 60_000 } });
    expect(openai.chatRequests()).toHaveLength(3);
  });

  it('a cancelled probe leaves the probe to the next request', async () => {
    await failTwice();
    clock.advance(30_000);
    openai.behave({ hang: true });
    const controller = new AbortController();
    const pending = router.route(ask('x'), { signal: controller.signal });
    await until(() => openai.chatRequests().length === 3);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    openai.behave(null);
    expect((await router.route(ask('next probe'))).content).toBe('next probe');
  });

  it('stays open as long as a Retry-After asked when that is longer than the cooldown', async () => {
    openai.behave({ status: 429, retryAfter: 120 });
    await routeError(ask('x'));
    const opening = await routeError(ask('x'));
    expect(opening.trace?.attempts[0]?.cooldownUntil).toBe(T0 + 120_000);
  });

  it('counts only transient failures in a row: an answer such as a 400 shows the provider is up', async () => {
    openai.behave([{ status: 503 }, { status: 400 }, { status: 503 }, {}]);
    await routeError(ask('x'));
    await routeError(ask('x'));
    await routeError(ask('x'));
    expect(cooldowns.list(clock.now())).toEqual([]);
    await router.route(ask('x'));
  });

  it('cooldown_after 0 never cools down', async () => {
    await router.close();
    router = makeRouter({ cooldown: { afterFailures: 0, durationMs: 30_000 } });
    openai.behave({ status: 503 });
    for (let i = 0; i < 4; i++) expect(await routeError(ask('x'))).toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(openai.chatRequests()).toHaveLength(4);
  });

  it('is kept across routers that share it (a mode switch or a config reload)', async () => {
    await failTwice();
    const next = new DirectRouter(makeConfig([provider('openai', 'openai', openai.url, { retry: once })]), { clock, cooldowns });
    await expect(next.route(ask('x'))).rejects.toMatchObject({ code: 'COOLING_DOWN' });
    await next.close();
  });
});
