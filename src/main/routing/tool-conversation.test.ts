import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, ChatResponse, StreamPart, ToolCall } from '../../shared/chat';
import { startAnthropicMock, type AnthropicMock } from '../../../test/mocks/anthropic-mock.mjs';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { startPlanoStandin, type PlanoStandin } from '../../../test/mocks/plano-standin.mjs';
import { makeConfig, provider } from '../../../test/mocks/test-config';
import { DirectRouter, PlanoProxyRouter, RouteError, type Router } from './index';

/**
 * The whole chat request end to end, on real sockets: a tool-using conversation (the model calls a tool,
 * the caller answers, the model gives its final answer), images and JSON output — through Direct to an
 * OpenAI-style and an Anthropic-style provider, and through the Plano proxy, streamed and not.
 */

let openai: OpenAIMock;
let anthropic: AnthropicMock;
let plano: PlanoStandin;
let direct: Router;
let proxy: Router;

beforeAll(async () => {
  openai = await startOpenAIMock({ apiKey: 'sk-test' });
  anthropic = await startAnthropicMock({ apiKey: 'sk-ant-test' });
  plano = await startPlanoStandin({
    env: { OPENAI_API_KEY: 'sk-test' },
    config: {
      version: 'v0.4.0',
      listeners: [{ type: 'model', name: 'llm', port: 12000 }],
      model_providers: [{ model: 'openai/gpt-4o-mock', access_key: '$OPENAI_API_KEY', base_url: openai.url, default: true }],
    },
  });
  const providers = [provider('openai', 'openai', openai.url), provider('claude', 'anthropic', anthropic.url)];
  direct = new DirectRouter(makeConfig(providers));
  proxy = new PlanoProxyRouter(makeConfig(providers, { mode: 'plano_proxy', planoProxy: { baseUrl: plano.origin } }));
});
afterAll(async () => {
  await direct.close();
  await proxy.close();
  await plano.close();
  await openai.close();
  await anthropic.close();
});
beforeEach(() => {
  openai.behave(null);
  anthropic.behave(null);
});

type Path = 'direct → openai' | 'direct → anthropic' | 'plano proxy → openai';
const PATHS: Path[] = ['direct → openai', 'direct → anthropic', 'plano proxy → openai'];
const routerFor = (path: Path): Router => (path === 'plano proxy → openai' ? proxy : direct);
const providerFor = (path: Path): string => (path === 'direct → anthropic' ? 'claude' : 'openai');

/** Scripts the upstream's next reply as these tool calls. */
function nextReplyCalls(path: Path, calls: { id: string; name: string; args: object }[]): void {
  if (path === 'direct → anthropic') anthropic.behave([{ toolUses: calls.map((c) => ({ id: c.id, name: c.name, input: c.args })) }]);
  else openai.behave([{ toolCalls: calls.map((c) => ({ id: c.id, name: c.name, arguments: c.args })) }]);
}

/** One request, streamed or not; a stream's parts are checked against the response they finish with. */
async function send(router: Router, request: ChatRequest, stream: boolean): Promise<ChatResponse> {
  if (!stream) return router.route(request);
  const parts: StreamPart[] = [];
  for await (const part of router.stream(request)) parts.push(part);
  const last = parts.at(-1);
  if (last?.type === 'error') throw new RouteError({ ...last.error, details: last.error.details ?? {} } as never, last.trace);
  if (last?.type !== 'finish') throw new Error(`stream ended with ${last?.type}`);
  // What a UI would rebuild from the parts alone is what the response says.
  expect(parts.filter((p) => p.type === 'text-delta').map((p) => p.text).join('')).toBe(last.response.content);
  const starts = parts.filter((p) => p.type === 'tool-call-start');
  const rebuilt: ToolCall[] = starts.map((s) => ({
    id: s.id,
    name: s.name,
    arguments: parts.filter((p) => p.type === 'tool-call-delta' && p.index === s.index).map((p) => (p as { argumentsDelta: string }).argumentsDelta).join(''),
  }));
  expect(rebuilt.length > 0 ? rebuilt : undefined).toEqual(last.response.toolCalls);
  expect(parts.filter((p) => p.type === 'tool-call').map((p) => p.toolCall)).toEqual(last.response.toolCalls ?? []);
  return last.response;
}

const weather = { name: 'weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const clock = { name: 'local_time', description: 'Local time in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

describe.each(PATHS)('%s', (path) => {
  it.each([false, true])('carries a tool-using conversation: call, result, final answer (stream: %s)', async (stream) => {
    const router = routerFor(path);
    const question: ChatMessage[] = [
      { role: 'system', content: 'Answer with the tools.' },
      { role: 'user', content: 'Weather and time in Oslo?' },
    ];
    const base = { provider: providerFor(path), tools: [weather, clock], stream };
    nextReplyCalls(path, [
      { id: 'call_w', name: 'weather', args: { city: 'Oslo' } },
      { id: 'call_t', name: 'local_time', args: { city: 'Oslo' } },
    ]);
    const first = await send(router, { ...base, messages: question }, stream);
    expect(first.finishReason).toBe('tool_calls');
    expect(first.toolCalls).toEqual([
      { id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' },
      { id: 'call_t', name: 'local_time', arguments: '{"city":"Oslo"}' },
    ]);

    const answered: ChatMessage[] = [
      ...question,
      { role: 'assistant', content: first.content, toolCalls: first.toolCalls! },
      { role: 'tool', toolCallId: 'call_w', content: 'rain, 9 °C' },
      { role: 'tool', toolCallId: 'call_t', content: '14:05' },
    ];
    const final = await send(router, { ...base, messages: answered }, stream);
    expect(final.finishReason).toBe('stop');
    expect(final.toolCalls).toBeUndefined();
    // The mocks answer with the text of the last tool results they were given: proof both results arrived.
    expect(final.content).toBe('rain, 9 °C 14:05');
  });

  it('sends images and gets JSON output that follows the schema, streamed and not', async () => {
    const router = routerFor(path);
    const schema = { type: 'object', properties: { caption: { type: 'string' }, animals: { type: 'integer' } }, required: ['caption', 'animals'] };
    const request: ChatRequest = {
      provider: providerFor(path),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a cat, in json' },
            { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
            { type: 'image', url: 'https://example.com/cat.jpg' },
          ],
        },
      ],
      responseFormat: { type: 'json_schema', name: 'photo', schema },
    };
    for (const stream of [false, true]) {
      const res = await send(router, { ...request, stream }, stream);
      expect(JSON.parse(res.content)).toEqual({ caption: 'a cat, in json', animals: 1 });
      expect(res.finishReason).toBe('stop');
      expect(res.toolCalls).toBeUndefined();
    }
  });
});

describe('what a provider cannot take is reported before anything is sent', () => {
  it('names the field for Anthropic, and sends nothing', async () => {
    const before = anthropic.requests.length;
    const cases: [Partial<ChatRequest>, string][] = [
      [{ seed: 3 }, 'seed'],
      [{ presencePenalty: 1 }, 'presencePenalty'],
      [{ responseFormat: { type: 'json_object' }, tools: [weather] }, 'responseFormat'],
    ];
    for (const [extra, field] of cases) {
      const error = await direct.route({ provider: 'claude', messages: [{ role: 'user', content: 'x' }], ...extra }).catch((e: unknown) => e as RouteError);
      expect(error).toMatchObject({ code: 'INVALID_REQUEST', details: { field, unsupported: true } });
    }
    expect(anthropic.requests.length).toBe(before);
  });

  it('passes common parameters through to OpenAI-style providers and maps them for Anthropic', async () => {
    const common: Partial<ChatRequest> = { topP: 0.5, stop: ['END'], user: 'user-7', maxTokens: 50 };
    await direct.route({ provider: 'openai', messages: [{ role: 'user', content: 'x' }], ...common, seed: 3, frequencyPenalty: 0.2, presencePenalty: 0.1, metadata: { team: 'a' } });
    expect(openai.requests.at(-1)!.body).toMatchObject({ top_p: 0.5, stop: ['END'], user: 'user-7', max_tokens: 50, seed: 3, frequency_penalty: 0.2, presence_penalty: 0.1, metadata: { team: 'a' } });
    await direct.route({ provider: 'claude', messages: [{ role: 'user', content: 'x' }], ...common });
    expect(anthropic.requests.at(-1)!.body).toMatchObject({ top_p: 0.5, stop_sequences: ['END'], metadata: { user_id: 'user-7' }, max_tokens: 50 });
  });
});
