import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamPart } from '../../shared/chat';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { startPlanoStandin, type PlanoStandin } from '../../../test/mocks/plano-standin.mjs';
import { makeConfig, provider, recordingClock, type RecordingClock } from '../../../test/mocks/test-config';
import { PlanoProxyRouter, RouteError, createRouter, type Router } from './index';

let upstream: OpenAIMock;
let plano: PlanoStandin;
let router: Router;
let clock: RecordingClock;

function makeRouter(proxy: Record<string, unknown> = {}, nowMs?: number): Router {
  clock = recordingClock(nowMs);
  return new PlanoProxyRouter(
    makeConfig(
      [
        provider('openai', 'openai', 'http://127.0.0.1:9/never-called', { defaultModel: 'gpt-4o' }),
        provider('my-mistral', 'openai', 'http://127.0.0.1:9/never-called', { defaultModel: 'mistral-small-latest', planoProvider: 'mistral' }),
      ],
      { mode: 'plano_proxy', planoProxy: { baseUrl: plano.origin, apiKey: 'gateway-key', headers: { 'X-Team': 'switchyard' }, ...proxy } },
    ),
    { clock, random: () => 0.5 },
  );
}

beforeEach(async () => {
  upstream = await startOpenAIMock({ apiKey: 'sk-upstream' });
  plano = await startPlanoStandin({
    control: true,
    env: { OPENAI_API_KEY: 'sk-upstream' },
    config: {
      version: 'v0.4.0',
      listeners: [{ type: 'model', name: 'llm', port: 12000 }],
      model_providers: [
        { model: 'openai/gpt-4o', access_key: '$OPENAI_API_KEY', base_url: upstream.url, default: true },
        { model: 'mistral/*', access_key: '$OPENAI_API_KEY', base_url: upstream.url },
      ],
    },
  });
  router = makeRouter();
});
afterEach(async () => {
  await router.close();
  await plano.close();
  await upstream.close();
});

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content }], ...extra });
const chatCalls = () => plano.requests.filter((r) => r.path === '/v1/chat/completions');

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

async function routeError(request: ChatRequest): Promise<RouteError> {
  try {
    await router.route(request);
  } catch (error) {
    return error as RouteError;
  }
  throw new Error('route() should have failed');
}

describe('PlanoProxyRouter', () => {
  it('sends provider/model names with the gateway key and extra headers, and records who served it', async () => {
    const res = await router.route(ask('via plano'));
    expect(res).toMatchObject({ content: 'via plano', provider: 'openai', model: 'gpt-4o' });
    expect(res.trace).toMatchObject({ mode: 'plano_proxy', servedBy: 'plano_proxy', retries: 0 });
    expect(res.trace.attempts).toEqual([expect.objectContaining({ target: 'plano', via: 'plano_proxy', url: `${plano.origin}/v1/chat/completions`, status: 200 })]);
    const sent = chatCalls()[0]!;
    expect(sent.body.model).toBe('openai/gpt-4o');
    expect(sent.headers.authorization).toBe('Bearer gateway-key');
    expect(sent.headers['x-team']).toBe('switchyard');
    // The gateway swapped in the provider key and stripped the prefix.
    expect(upstream.requests[0]!.body.model).toBe('gpt-4o');

    await router.route(ask('mistral please', { provider: 'my-mistral' }));
    expect(chatCalls()[1]!.body.model).toBe('mistral/mistral-small-latest');
    await router.route(ask('already prefixed', { model: 'openai/gpt-4o' }));
    expect(chatCalls()[2]!.body.model).toBe('openai/gpt-4o');
    expect(plano.connectionCount()).toBe(1);
  });

  it('streams through the gateway with usage', async () => {
    upstream.behave({ reply: 'streamed via gateway' });
    const parts = await collect(router.stream(ask('x')));
    expect(parts[0]).toEqual({ type: 'start', provider: 'openai', model: 'gpt-4o', mode: 'plano_proxy' });
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('')).toBe('streamed via gateway');
    const finish = parts.at(-1);
    expect(finish?.type).toBe('finish');
    if (finish?.type === 'finish') expect(finish.response.usage.outputTokens).toBe(3);
  });

  it('retries 503s with exponential backoff and full jitter, and traces every attempt', async () => {
    plano.failNext(2, { status: 503 });
    const res = await router.route(ask('eventually'));
    expect(res.content).toBe('eventually');
    expect(res.trace.retries).toBe(2);
    expect(res.trace.attempts.map((a) => [a.status, a.errorCode])).toEqual([
      [503, 'UPSTREAM_ERROR'],
      [503, 'UPSTREAM_ERROR'],
      [200, undefined],
    ]);
    // random() = 0.5 → half of base·2^n (base 100 ms).
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('gives up after retry_count retries with the last error', async () => {
    plano.failNext(10, { status: 500 });
    const error = await routeError(ask('x'));
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 500, attempts: 4 } });
    expect(error.message).toContain('Failed to send request');
    expect(error.trace?.attempts).toHaveLength(4);
    expect(error.trace?.retries).toBe(3);
    expect(chatCalls()).toHaveLength(4);
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it('caps the backoff at backoffMaxMs', async () => {
    await router.close();
    router = makeRouter({ retryCount: 5, backoffBaseMs: 1000, backoffMaxMs: 3000 });
    plano.failNext(5, { status: 502 });
    await router.route(ask('x'));
    expect(clock.sleeps).toEqual([500, 1000, 1500, 1500, 1500]);
  });

  it('honours Retry-After in seconds and as an HTTP date on 429', async () => {
    plano.scriptChat([{ status: 429, retryAfter: 2 }]);
    await router.route(ask('x'));
    expect(clock.sleeps).toEqual([2000]);

    await router.close();
    const now = Date.parse('2026-03-01T12:00:00Z');
    router = makeRouter({}, now);
    plano.scriptChat([{ status: 429, retryAfter: new Date(now + 3000).toUTCString() }]);
    const res = await router.route(ask('x'));
    expect(clock.sleeps).toEqual([3000]);
    expect(res.trace.attempts[0]).toMatchObject({ status: 429, errorCode: 'RATE_LIMITED' });
  });

  it('does not wait out a Retry-After longer than a minute: RATE_LIMITED goes back with retryAfterMs', async () => {
    plano.scriptChat([{ status: 429, retryAfter: 3600 }]);
    const error = await routeError(ask('x'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 3_600_000 } });
    expect(chatCalls()).toHaveLength(1);
  });

  it('retries 408 but never 400, 401, 403 or 404', async () => {
    plano.scriptChat([{ status: 408 }]);
    expect((await router.route(ask('x'))).trace.retries).toBe(1);
    for (const status of [400, 401, 403, 404]) {
      plano.reset();
      const before = chatCalls().length;
      plano.scriptChat([{ status }, { status }]);
      const error = await routeError(ask('x'));
      expect(error.details.status).toBe(status);
      expect(chatCalls().length - before, `status ${status}`).toBe(1);
    }
  });

  it('passes upstream errors through in the provider format, without retrying a bad key', async () => {
    upstream.behave({ status: 401 });
    const error = await routeError(ask('x'));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toContain('Incorrect API key');
    expect(chatCalls()).toHaveLength(1);
  });

  it('maps the gateway not knowing the model to PROVIDER_NOT_FOUND, without retrying', async () => {
    const error = await routeError(ask('x', { model: 'mistral/large' }));
    expect(error).toMatchObject({ code: 'PROVIDER_NOT_FOUND', retryable: false, details: { status: 400 } });
    expect(error.message).toContain("Model 'openai/mistral/large' not found in configured providers");
    expect(chatCalls()).toHaveLength(1);
  });

  it('retries a connection dropped before any token, but never after the first token reached the caller', async () => {
    plano.scriptChat([{ drop: true }]);
    const ok = await router.route(ask('x'));
    expect(ok.trace.attempts.map((a) => a.errorCode)).toEqual(['NETWORK_ERROR', undefined]);

    upstream.behave({ dropAfterChunks: 1 });
    const before = chatCalls().length;
    const parts = await collect(router.stream(ask('a b c')));
    expect(parts.filter((p) => p.type === 'text-delta')).toHaveLength(1);
    const last = parts.at(-1);
    expect(last).toMatchObject({ type: 'error', error: { code: 'NETWORK_ERROR' } });
    if (last?.type === 'error') expect(last.trace?.attempts).toHaveLength(1);
    expect(chatCalls().length - before).toBe(1);
  });

  it('reads gateway errors in the {"error":{"code","message","details"}} shape', async () => {
    plano.scriptChat([{ status: 400, contentType: 'application/json', body: '{"error":{"code":"BAD_ROUTE","message":"routing preference is invalid","details":{"hint":"check config"}}}' }]);
    const error = await routeError(ask('x'));
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false, details: { status: 400, providerCode: 'BAD_ROUTE', providerDetails: { hint: 'check config' } } });
    expect(error.message).toContain('routing preference is invalid');
  });

  it('leaves an injected dispatcher open on close, so its owner decides', async () => {
    const { Agent } = await import('undici');
    const shared = new Agent();
    const borrowed = new PlanoProxyRouter(makeConfig([provider('openai', 'openai', 'http://127.0.0.1:9', { defaultModel: 'gpt-4o' })], { mode: 'plano_proxy', planoProxy: { baseUrl: plano.origin } }), { dispatcher: shared });
    await borrowed.route(ask('x'));
    await borrowed.close();
    await borrowed.close();
    expect(shared.destroyed).toBe(false);
    await shared.close();
  });

  it('retries when the gateway is unreachable, then reports NETWORK_ERROR', async () => {
    await plano.close();
    const error = await routeError(ask('x'));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', details: { cause: 'ECONNREFUSED', attempts: 4 } });
    expect(error.trace?.attempts.every((a) => a.errorCode === 'NETWORK_ERROR' && a.status === undefined)).toBe(true);
    plano = await startPlanoStandin({ config: { version: 'v0.4.0', listeners: [] } });
  });

  it('retries a first-byte timeout and names it', async () => {
    await router.close();
    router = makeRouter({ firstByteTimeoutMs: 100, retryCount: 1 });
    plano.scriptChat([{ delayMs: 500 }, { delayMs: 500 }]);
    const error = await routeError(ask('x'));
    expect(error).toMatchObject({ code: 'TIMEOUT', details: { timeout: 'first_byte', attempts: 2 } });
  });

  it('stops retrying when cancelled during backoff', async () => {
    await router.close();
    const controller = new AbortController();
    clock = recordingClock();
    const sleepy = { ...clock, sleep: async (ms: number, signal?: AbortSignal) => { controller.abort(); return clock.sleep(ms, signal); } };
    router = new PlanoProxyRouter(makeConfig([provider('openai', 'openai', 'http://127.0.0.1:9', { defaultModel: 'gpt-4o' })], { mode: 'plano_proxy', planoProxy: { baseUrl: plano.origin } }), { clock: sleepy });
    plano.failNext(3, { status: 503 });
    await expect(router.route(ask('x'), { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(chatCalls()).toHaveLength(1);
  });
});

describe('createRouter', () => {
  it('picks the router from config.routing.mode', async () => {
    const direct = createRouter(makeConfig([], { mode: 'direct' }));
    expect(direct.mode).toBe('direct');
    const proxy = createRouter(makeConfig([], { mode: 'plano_proxy' }));
    expect(proxy.mode).toBe('plano_proxy');
    expect(() => createRouter(makeConfig([], { mode: 'sideways' as never }))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    await direct.close();
    await proxy.close();
  });
});
