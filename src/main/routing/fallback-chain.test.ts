import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../shared/chat';
import type { RoutingConfig } from '../../shared/config';
import { startAnthropicMock, type AnthropicMock } from '../../../test/mocks/anthropic-mock.mjs';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { startPlanoStandin, type PlanoStandin } from '../../../test/mocks/plano-standin.mjs';
import { collect, routeError as routeErrorOf } from '../../../test/support/route-helpers';
import { makeConfig, provider, recordingClock } from '../../../test/mocks/test-config';
import type { GatewayTarget } from './gateway-target';
import { DirectRouter, PlanoEmbeddedRouter, PlanoProxyRouter, RouteError, type Router } from './index';
import { ProviderCooldowns } from './provider-cooldowns';

/**
 * Ordered fallbacks per model, across providers: tried in order when a model fails before its first
 * token, each hop in the trace; in every mode.
 */

let openai: OpenAIMock;
let backup: OpenAIMock;
let anthropic: AnthropicMock;
let router: Router;
const once = { maxRetries: 0, backoffBaseMs: 0, backoffMaxMs: 0, maxRetryAfterMs: 60_000 };
const CHAIN = { 'openai/gpt-4o-mock': ['claude/claude-mock', 'backup/gpt-4o-mini-mock'] };

function providers() {
  return [
    provider('openai', 'openai', openai.url, { retry: once }),
    provider('claude', 'anthropic', anthropic.url, { retry: once }),
    provider('backup', 'openai', backup.url, { retry: once }),
  ];
}

function direct(routing: Partial<RoutingConfig> = {}, cooldowns = new ProviderCooldowns()): Router {
  return new DirectRouter(makeConfig(providers(), { fallbacks: CHAIN, ...routing }), { clock: recordingClock(), cooldowns });
}

beforeEach(async () => {
  openai = await startOpenAIMock({ apiKey: 'sk-test' });
  backup = await startOpenAIMock({ apiKey: 'sk-test' });
  anthropic = await startAnthropicMock({ apiKey: 'sk-ant-test' });
  router = direct();
});
afterEach(async () => {
  await router.close();
  await Promise.all([openai.close(), backup.close(), anthropic.close()]);
});

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content }], ...extra });

const routeError = (request: ChatRequest): Promise<RouteError> => routeErrorOf(router, request);

const hops = (attempts: { provider?: string; model?: string; hop?: number; outcome?: string; status?: number }[]) =>
  attempts.map((a) => [a.hop, `${a.provider}/${a.model}`, a.outcome, a.status]);

describe('fallback chains (Direct)', () => {
  it('tries the chain in order, tracing every hop, and says who served', async () => {
    openai.behave({ status: 503 });
    anthropic.behave({ status: 529 });
    const res = await router.route(ask('third time lucky'));
    expect(res).toMatchObject({ content: 'third time lucky', provider: 'backup', model: 'gpt-4o-mini-mock' });
    expect(hops(res.trace.attempts)).toEqual([
      [0, 'openai/gpt-4o-mock', 'fell_back', 503],
      [1, 'claude/claude-mock', 'fell_back', 529],
      [2, 'backup/gpt-4o-mini-mock', 'served', 200],
    ]);
    expect(res.trace.attempts[0]!.reason).toMatch(/^openai\/gpt-4o-mock → claude\/claude-mock: openai answered HTTP 503/);
    expect(res.trace.fallbackReason).toBe(res.trace.attempts[0]!.reason);
    expect(res.trace.servedBy).toBe('direct');
    // Each hop got the request with its own model, in its own wire format.
    expect(anthropic.requests[0]!.body.model).toBe('claude-mock');
    expect(backup.chatRequests()[0]!.body.model).toBe('gpt-4o-mini-mock');
  });

  it('retries a hop as its provider says before moving on', async () => {
    await router.close();
    router = new DirectRouter(
      makeConfig([provider('openai', 'openai', openai.url, { retry: { ...once, maxRetries: 1 } }), ...providers().slice(1)], { fallbacks: CHAIN }),
      { clock: recordingClock() },
    );
    openai.behave({ status: 500 });
    const res = await router.route(ask('x'));
    expect(hops(res.trace.attempts)).toEqual([
      [0, 'openai/gpt-4o-mock', 'retried', 500],
      [0, 'openai/gpt-4o-mock', 'fell_back', 500],
      [1, 'claude/claude-mock', 'served', 200],
    ]);
  });

  it('takes a provider/* chain for every model of that provider, and fails with the last error when all fail', async () => {
    await router.close();
    router = direct({ fallbacks: { 'openai/*': ['claude/claude-mock'] } });
    openai.behave({ status: 503 });
    anthropic.behave({ status: 401 });
    const error = await routeError(ask('x', { model: 'gpt-4o-mini-mock' }));
    expect(error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(hops(error.trace!.attempts)).toEqual([
      [0, 'openai/gpt-4o-mini-mock', 'fell_back', 503],
      [1, 'claude/claude-mock', 'failed', 401],
    ]);
  });

  it('does not fall back on a request the provider called wrong (400), nor after the first token', async () => {
    openai.behave({ status: 400, errorMessage: "Invalid value for 'temperature'" });
    expect(await routeError(ask('x'))).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 } });

    openai.behave({ reply: 'a b c d', dropAfterChunks: 2 });
    const parts = await collect(router.stream(ask('x')));
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'NETWORK_ERROR' } });
    expect(anthropic.requests).toHaveLength(0);
  });

  it('falls back on a context-window error only when fallback_on_context_window is on', async () => {
    const tooLong = { status: 400, errorCode: 'context_length_exceeded', errorMessage: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens." };
    openai.behave(tooLong);
    const error = await routeError(ask('x'));
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400, contextWindow: true } });
    expect(anthropic.requests).toHaveLength(0);

    await router.close();
    router = direct({ contextWindowFallback: true });
    const res = await router.route(ask('long'));
    expect(res.provider).toBe('claude');
    expect(res.trace.fallbackReason).toMatch(/too long for the context window: .*maximum context length is 128000 tokens/);
  });

  it('does nothing of the kind with enable_fallback off', async () => {
    await router.close();
    router = direct({ enableFallback: false });
    openai.behave({ status: 503 });
    const error = await routeError(ask('x'));
    expect(error.trace?.attempts).toHaveLength(1);
    expect(anthropic.requests).toHaveLength(0);
  });

  it('skips a provider that is cooling down without a request, straight to the next hop', async () => {
    await router.close();
    router = new DirectRouter(
      makeConfig([provider('openai', 'openai', openai.url, { retry: once, cooldown: { afterFailures: 1, durationMs: 60_000 } }), ...providers().slice(1)], { fallbacks: CHAIN }),
      { clock: recordingClock() },
    );
    openai.behave({ status: 503 });
    const opened = await router.route(ask('x'));
    expect(opened.trace.attempts[0]).toMatchObject({ outcome: 'fell_back', cooldownUntil: expect.any(Number) });
    const res = await router.route(ask('around it'));
    expect(res.provider).toBe('claude');
    expect(hops(res.trace.attempts)).toEqual([
      [0, 'openai/gpt-4o-mock', 'skipped', undefined],
      [1, 'claude/claude-mock', 'served', 200],
    ]);
    expect(res.trace.attempts[0]!.reason).toMatch(/^openai is cooling down after 1 failed request in a row/);
    expect(openai.chatRequests()).toHaveLength(1);
  });
});

describe('fallback chains through a Plano gateway', () => {
  let plano: PlanoStandin;

  beforeEach(async () => {
    plano = await startPlanoStandin({
      control: true,
      env: { OPENAI_API_KEY: 'sk-test' },
      config: {
        version: 'v0.4.0',
        listeners: [{ type: 'model', name: 'llm', port: 12000 }],
        model_providers: [
          { model: 'openai/gpt-4o-mock', access_key: '$OPENAI_API_KEY', base_url: openai.url, default: true },
          { model: 'mistral/*', access_key: '$OPENAI_API_KEY', base_url: backup.url },
        ],
      },
    });
  });
  afterEach(async () => {
    await plano.close();
  });

  const gatewayProviders = () => [provider('openai', 'openai', openai.url, { retry: once }), provider('backup', 'openai', backup.url, { retry: once, planoProvider: 'mistral' })];
  const chain = { 'openai/gpt-4o-mock': ['backup/gpt-4o-mini-mock'] };

  it('proxy mode: the gateway client keeps its own retries; the chain applies on top', async () => {
    await router.close();
    router = new PlanoProxyRouter(makeConfig(gatewayProviders(), { mode: 'plano_proxy', fallbacks: chain, planoProxy: { baseUrl: plano.origin, retryCount: 1 } }), { clock: recordingClock() });
    openai.behave({ status: 503 });
    const res = await router.route(ask('via the backup'));
    expect(res).toMatchObject({ content: 'via the backup', provider: 'backup' });
    expect(res.trace.attempts.map((a) => [a.target, a.via, a.hop, a.outcome])).toEqual([
      ['plano', 'plano_proxy', 0, 'retried'],
      ['plano', 'plano_proxy', 0, 'fell_back'],
      ['plano', 'plano_proxy', 1, 'served'],
    ]);
    expect(plano.forwarded.map((f) => f.requested)).toEqual(['openai/gpt-4o-mock', 'openai/gpt-4o-mock', 'mistral/gpt-4o-mini-mock']);
  });

  it('embedded mode: each model goes gateway then Direct, and the chain moves on when both fail', async () => {
    let ready = true;
    const gateway: GatewayTarget = {
      origin: plano.origin,
      models: { lists: () => true, toPlano: (p, m) => `${p === 'backup' ? 'mistral' : p}/${m}`, fromPlano: () => undefined },
      acceptsTraffic: () => ready,
      unavailableReason: () => 'gateway is restarting',
      whenSettled: async () => undefined,
      checkNow: () => undefined,
      status: () => ({ phase: ready ? 'ready' : 'restarting' }),
    };
    await router.close();
    router = new PlanoEmbeddedRouter(makeConfig(gatewayProviders(), { mode: 'plano_embedded', fallbacks: chain }), { gateway, clock: recordingClock() });
    openai.behave({ status: 503 });
    // The gateway relays the provider's 503: its own answer, not a gateway failure, so no Direct for it.
    const relayed = await router.route(ask('x'));
    expect(relayed.trace.attempts.map((a) => [a.via, a.hop, a.outcome])).toEqual([
      ['plano_embedded', 0, 'fell_back'],
      ['plano_embedded', 1, 'served'],
    ]);

    ready = false;
    const res = await router.route(ask('gateway down'));
    expect(res).toMatchObject({ provider: 'backup', content: 'gateway down' });
    expect(res.trace.attempts.map((a) => [a.via, a.hop, a.outcome, a.reason])).toEqual([
      ['plano_embedded', 0, 'skipped', 'gateway is restarting'],
      ['direct', 0, 'fell_back', expect.stringMatching(/^openai\/gpt-4o-mock → backup\/gpt-4o-mini-mock: openai answered HTTP 503/)],
      ['plano_embedded', 1, 'skipped', 'gateway is restarting'],
      ['direct', 1, 'served', undefined],
    ]);
    expect(res.trace).toMatchObject({ servedBy: 'direct', fallbackReason: 'gateway is restarting' });
  });
});
