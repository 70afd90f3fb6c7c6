import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamPart } from '../../shared/chat';
import { startAnthropicMock, type AnthropicMock } from '../../../test/mocks/anthropic-mock.mjs';
import { gate } from '../../../test/mocks/mock-http.mjs';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { makeConfig, provider } from '../../../test/mocks/test-config';
import { DirectRouter, RouteError, type Router } from './index';

let openai: OpenAIMock;
let anthropic: AnthropicMock;
let router: Router;
/** These tests map each answer to its error: one attempt per request (retries: direct-resilience.test.ts). */
const once = { retry: { maxRetries: 0, backoffBaseMs: 0, backoffMaxMs: 0, maxRetryAfterMs: 0 } };

beforeEach(async () => {
  openai = await startOpenAIMock({ apiKey: 'sk-test' });
  anthropic = await startAnthropicMock({ apiKey: 'sk-ant-test' });
  router = new DirectRouter(
    makeConfig([
      provider('openai', 'openai', openai.url, { headers: { 'X-Title': 'switchyard-test' }, ...once }),
      provider('claude', 'anthropic', anthropic.url, once),
    ]),
  );
});
afterEach(async () => {
  await router.close();
  await openai.close();
  await anthropic.close();
});

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content }], ...extra });

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

/** Reads on to the next part of `type`; undefined if the stream ends first. */
async function nextOfType(stream: AsyncIterator<StreamPart>, type: StreamPart['type']): Promise<StreamPart | undefined> {
  for (let step = await stream.next(); !step.done; step = await stream.next()) if (step.value.type === type) return step.value;
  return undefined;
}

async function routeError(request: ChatRequest, signal?: AbortSignal): Promise<RouteError> {
  try {
    await router.route(request, { signal });
  } catch (error) {
    return error as RouteError;
  }
  throw new Error('route() should have failed');
}

describe('DirectRouter with an OpenAI-compatible provider', () => {
  it('routes a request and reports content, usage, model, provider and a trace', async () => {
    const res = await router.route(ask('hello there', { temperature: 0.3, maxTokens: 20, additionalParams: { seed: 7 } }));
    expect(res.content).toBe('hello there');
    expect(res.usage).toEqual({ inputTokens: 2, outputTokens: 2, totalTokens: 4 });
    expect(res.model).toBe('gpt-4o-mock');
    expect(res.provider).toBe('openai');
    expect(res.finishReason).toBe('stop');
    expect(res.id).toBe('chatcmpl-mock1');
    expect(res.trace).toMatchObject({ mode: 'direct', servedBy: 'direct', retries: 0 });
    expect(res.trace.attempts).toHaveLength(1);
    expect(res.trace.attempts[0]).toMatchObject({ target: 'openai', via: 'direct', url: `${openai.url}/chat/completions`, status: 200 });
    expect(res.trace.attempts[0]!.ttfbMs).toBeGreaterThan(0);
    expect(res.trace.overheadMs).toBeLessThanOrEqual(res.trace.latencyMs);
    expect(res.latencyMs).toBe(res.trace.latencyMs);

    const sent = openai.requests[0]!;
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.headers['x-title']).toBe('switchyard-test');
    expect(sent.body).toEqual({ seed: 7, model: 'gpt-4o-mock', messages: [{ role: 'user', content: 'hello there' }], temperature: 0.3, max_tokens: 20 });
  });

  it('streams start, text deltas and a finish with usage from the include_usage chunk', async () => {
    openai.behave({ reply: 'one two three' });
    const parts = await collect(router.stream(ask('x')));
    expect(parts[0]).toEqual({ type: 'start', provider: 'openai', model: 'gpt-4o-mock', mode: 'direct' });
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text)).toEqual(['one ', 'two ', 'three']);
    const finish = parts.at(-1);
    expect(finish?.type).toBe('finish');
    if (finish?.type !== 'finish') return;
    expect(finish.response.content).toBe('one two three');
    expect(finish.response.usage).toEqual({ inputTokens: 1, outputTokens: 3, totalTokens: 4 });
    expect(finish.response.trace.ttftMs).toBeGreaterThan(0);
    expect(openai.requests[0]!.body.stream_options).toEqual({ include_usage: true });
  });

  it('route() with stream: true streams upstream and returns the whole reply', async () => {
    const res = await router.route(ask('a b c', { stream: true }));
    expect(res.content).toBe('a b c');
    expect(res.metadata.streamed).toBe(true);
    expect(openai.requests[0]!.body.stream).toBe(true);
  });

  it('survives byte-split, CRLF, commented, multi-line SSE with multi-byte characters', async () => {
    openai.behave({ reply: 'ünïcödé ✓ 🚀 done', splitBytes: 3, lineEnding: '\r\n', comments: true, multiLineData: true });
    const res = await router.route(ask('x', { stream: true }));
    expect(res.content).toBe('ünïcödé ✓ 🚀 done');
  });

  it('copes with a server that ignores stream: true and answers with one JSON body', async () => {
    openai.behave({ rawBody: JSON.stringify({ id: 'c', model: 'old-server', choices: [{ message: { content: 'all at once' }, finish_reason: 'stop' }] }) });
    const parts = await collect(router.stream(ask('x')));
    expect(parts.map((p) => p.type)).toEqual(['start', 'text-delta', 'finish']);
    const finish = parts.at(-1);
    if (finish?.type === 'finish') expect(finish.response).toMatchObject({ content: 'all at once', model: 'old-server' });
  });

  it('reuses one connection for sequential requests, streaming or not', async () => {
    for (let i = 0; i < 3; i++) await router.route(ask(`n${i}`));
    for (let i = 0; i < 2; i++) await collect(router.stream(ask(`s${i}`)));
    await router.route(ask('after', { stream: true }));
    expect(openai.connectionCount()).toBe(1);
  });

  it('maps provider errors to stable codes with the provider message', async () => {
    openai.behave([{ status: 401 }, { status: 403 }, { status: 429, retryAfter: 2 }, { status: 500 }, { status: 404, errorMessage: 'The model `x` does not exist' }, { status: 408 }]);
    expect(await routeError(ask('x'))).toMatchObject({ code: 'AUTH_FAILED', retryable: false, details: { status: 401 } });
    expect((await routeError(ask('x'))).code).toBe('AUTH_FAILED');
    expect(await routeError(ask('x'))).toMatchObject({ code: 'RATE_LIMITED', retryable: true, details: { retryAfterMs: 2000 } });
    const server = await routeError(ask('x'));
    expect(server).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true, details: { status: 500, providerMessage: expect.stringContaining('The server had an error') } });
    expect(server.trace?.attempts[0]).toMatchObject({ status: 500, errorCode: 'UPSTREAM_ERROR' });
    const missing = await routeError(ask('x'));
    expect(missing).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false, details: { status: 404 } });
    expect(missing.message).toContain('does not exist');
    expect(await routeError(ask('x'))).toMatchObject({ code: 'TIMEOUT', details: { timeout: 'upstream' } });
    expect(openai.chatRequests()).toHaveLength(6);
    // Error bodies were read to the end, so the socket stayed in the pool.
    expect(openai.connectionCount()).toBe(1);
  });

  it('reports a real bad API key as AUTH_FAILED', async () => {
    await router.close();
    router = new DirectRouter(makeConfig([provider('openai', 'openai', openai.url, { apiKey: 'wrong' })]));
    const error = await routeError(ask('x'));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toContain('Incorrect API key');
  });

  it('turns malformed upstream data into MALFORMED_RESPONSE, streaming or not', async () => {
    openai.behave([{ rawBody: '{"choices": "nope"}' }, { rawBody: 'not json at all' }, { malformedChunkAt: 1 }, { omitDone: true, dropAfterChunks: undefined, finishReason: undefined }]);
    expect((await routeError(ask('x'))).message).toContain('choices');
    expect((await routeError(ask('x'))).message).toContain('not valid JSON');
    const parts = await collect(router.stream(ask('three word reply')));
    const last = parts.at(-1);
    expect(last).toMatchObject({ type: 'error', error: { code: 'MALFORMED_RESPONSE' } });
    expect(parts.filter((p) => p.type === 'text-delta')).toHaveLength(1);
  });

  it('reports a connection dropped mid-stream as NETWORK_ERROR after the text already delivered', async () => {
    openai.behave({ dropAfterChunks: 2 });
    const parts = await collect(router.stream(ask('a b c d')));
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('')).toBe('a b ');
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'NETWORK_ERROR', retryable: true } });
    const last = parts.at(-1);
    if (last?.type === 'error') expect(last.trace?.attempts).toHaveLength(1);
  });

  it('times out waiting for headers (first_byte)', async () => {
    await router.close();
    router = new DirectRouter(makeConfig([provider('openai', 'openai', openai.url, { firstByteTimeoutMs: 100, timeoutMs: 60_000, ...once })]));
    openai.behave({ hang: true });
    const firstByte = await routeError(ask('x'));
    expect(firstByte).toMatchObject({ code: 'TIMEOUT', retryable: true, details: { timeout: 'first_byte', timeoutMs: 100 } });
    expect(firstByte.trace?.attempts[0]?.errorCode).toBe('TIMEOUT');
    expect(await openai.requests[0]!.ended).toBe('aborted');
  });

  it('times out a reply that started but does not finish in time (overall)', async () => {
    await router.close();
    router = new DirectRouter(makeConfig([provider('openai', 'openai', openai.url, { firstByteTimeoutMs: 60_000, timeoutMs: 400, ...once })]));
    // The reply starts, then is held open past the overall timeout, however slow the machine.
    const held = gate();
    openai.behave({ chunks: 10, holdAfterChunks: 1, release: held.released });
    const parts = await collect(router.stream(ask('a long reply that keeps coming')));
    expect(parts.some((p) => p.type === 'text-delta')).toBe(true);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'TIMEOUT', details: { timeout: 'overall', timeoutMs: 400 } } });
    expect(await openai.requests[0]!.ended).toBe('aborted');
    held.release();
  });

  it('cancels mid-stream: the caller gets CANCELLED and the server sees the socket close', async () => {
    openai.behave({ chunks: 50, chunkDelayMs: 20 });
    const controller = new AbortController();
    const parts: StreamPart[] = [];
    for await (const part of router.stream(ask('a b c d e f g h'), { signal: controller.signal })) {
      parts.push(part);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'CANCELLED', retryable: false } });
    expect(await openai.requests[0]!.ended).toBe('aborted');
  });

  it('cancels before sending when the signal is already aborted', async () => {
    const error = await routeError(ask('x'), AbortSignal.abort());
    expect(error.code).toBe('CANCELLED');
    expect(openai.requests).toHaveLength(0);
  });

  it('closes the upstream request when the caller stops iterating', async () => {
    openai.behave({ chunks: 50, chunkDelayMs: 20 });
    for await (const part of router.stream(ask('a b c d e f'))) {
      if (part.type === 'text-delta') break;
    }
    expect(await openai.requests[0]!.ended).toBe('aborted');
  });

  it('reports an unreachable provider as NETWORK_ERROR', async () => {
    const url = openai.url;
    await openai.close();
    await router.close();
    router = new DirectRouter(makeConfig([provider('openai', 'openai', url)]));
    expect(await routeError(ask('x'))).toMatchObject({ code: 'NETWORK_ERROR', retryable: true, details: { cause: 'ECONNREFUSED' } });
    openai = await startOpenAIMock();
  });
});

describe('DirectRouter with Anthropic', () => {
  const claude = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
    provider: 'claude',
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content },
    ],
    ...extra,
  });

  it('routes with the system prompt as its own field, headers and default max_tokens', async () => {
    const res = await router.route(claude('hi claude'));
    expect(res).toMatchObject({ content: 'hi claude', provider: 'claude', model: 'claude-mock', finishReason: 'stop', metadata: { providerFinishReason: 'end_turn' } });
    expect(res.usage).toEqual({ inputTokens: 4, outputTokens: 2, totalTokens: 6 });
    const sent = anthropic.requests[0]!;
    expect(sent.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body).toMatchObject({ system: 'be brief', max_tokens: 4096, messages: [{ role: 'user', content: 'hi claude' }] });
  });

  it('streams the event sequence, ping included, with usage from message_delta', async () => {
    anthropic.behave({ reply: 'bonjour à tous', splitBytes: 2, lineEnding: '\r\n' });
    const parts = await collect(router.stream(claude('x')));
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('')).toBe('bonjour à tous');
    const finish = parts.at(-1);
    expect(finish?.type).toBe('finish');
    if (finish?.type === 'finish') expect(finish.response.usage).toEqual({ inputTokens: 3, outputTokens: 3, totalTokens: 6 });
  });

  it('surfaces a mid-stream overloaded error', async () => {
    anthropic.behave({ errorAfterChunks: 1 });
    const parts = await collect(router.stream(claude('a b c')));
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'UPSTREAM_ERROR', retryable: true, details: { providerType: 'overloaded_error' } } });
  });

  it('maps Anthropic error bodies', async () => {
    anthropic.behave([{ status: 529 }, { status: 429, retryAfter: 1 }]);
    expect(await routeError(claude('x'))).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true, details: { status: 529, providerType: 'overloaded_error' } });
    expect(await routeError(claude('x'))).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 1000, providerType: 'rate_limit_error' } });
  });

  it('reports a truncated event stream as MALFORMED_RESPONSE', async () => {
    anthropic.behave({ rawBody: 'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"c","usage":{}}}\n\n', contentType: 'text/event-stream' });
    const parts = await collect(router.stream(claude('x')));
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'MALFORMED_RESPONSE' } });
  });
});

describe('DirectRouter connection pool', () => {
  it('takes its ceiling from the config: past it a request fails at once with RATE_LIMITED', async () => {
    await router.close();
    const { released, release } = gate();
    openai.behave({ reply: 'slow stream', holdAfterChunks: 1, release: released });
    router = new DirectRouter(makeConfig([provider('openai', 'openai', openai.url)], { connections: { maxPerOrigin: 2, idlePerOrigin: 1, idleTimeoutMs: 1000 } }));
    const held = [router.stream(ask('a'))[Symbol.asyncIterator](), router.stream(ask('b'))[Symbol.asyncIterator]()];
    // Each stream is in flight once its first text has arrived.
    for (const stream of held) expect(await nextOfType(stream, 'text-delta')).toBeDefined();
    expect(await routeError(ask('c'))).toMatchObject({ code: 'RATE_LIMITED', details: { ceiling: 2, local: true } });
    release();
    for (const stream of held) expect(await nextOfType(stream, 'finish')).toBeDefined();
    expect((await router.route(ask('d'))).content).toBe('slow stream');
  });
});

describe('DirectRouter request validation', () => {
  it('fails before any network call, naming the field', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ messages: [] }, 'INVALID_REQUEST', 'messages'],
      [{}, 'INVALID_REQUEST', 'messages'],
      [{ messages: [{ role: 'function', content: 'x' }] }, 'INVALID_REQUEST', 'messages[0].role'],
      [{ messages: [{ role: 'tool', content: 'x' }] }, 'INVALID_REQUEST', 'messages[0].toolCallId'],
      [{ ...ask('x'), top_p: 0.5 }, 'INVALID_REQUEST', 'top_p'],
      [{ messages: [{ role: 'user', content: 3 }] }, 'INVALID_REQUEST', 'messages[0].content'],
      [{ ...ask('x'), temperature: 2.5 }, 'INVALID_REQUEST', 'temperature'],
      [{ ...ask('x'), temperature: -1 }, 'INVALID_REQUEST', 'temperature'],
      [{ ...ask('x'), maxTokens: -5 }, 'INVALID_REQUEST', 'maxTokens'],
      [{ ...ask('x'), maxTokens: 1.5 }, 'INVALID_REQUEST', 'maxTokens'],
      [{ ...ask('x'), provider: 'nope' }, 'PROVIDER_NOT_FOUND', 'provider'],
      [{ ...ask('x'), model: '' }, 'INVALID_REQUEST', 'model'],
      [null, 'INVALID_REQUEST', 'request'],
    ];
    for (const [request, code, field] of cases) {
      const error = await routeError(request as ChatRequest);
      expect(error.code, JSON.stringify(request)).toBe(code);
      expect(error.details.field, JSON.stringify(request)).toBe(field);
      expect(error.message).toContain(field);
    }
    const parts = await collect(router.stream({ messages: [] }));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'INVALID_REQUEST' } });
    expect(openai.requests).toHaveLength(0);
    expect(anthropic.requests).toHaveLength(0);
  });

  it('needs a model when the provider has no default', async () => {
    await router.close();
    router = new DirectRouter(makeConfig([provider('bare', 'openai', openai.url, { defaultModel: undefined })]));
    expect(await routeError(ask('x'))).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'model' } });
    expect((await router.route(ask('x', { model: 'explicit' }))).model).toBe('explicit');
  });

  it('has no provider to pick when none are configured, and refuses work once closed', async () => {
    await router.close();
    router = new DirectRouter(makeConfig([]));
    expect(await routeError(ask('x'))).toMatchObject({ code: 'PROVIDER_NOT_FOUND' });
    await router.close();
    const closed = new DirectRouter(makeConfig([provider('openai', 'openai', openai.url)]));
    await closed.close();
    await expect(closed.route(ask('x'))).rejects.toThrow(/closed/);
  });
});
