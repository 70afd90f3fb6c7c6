import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamPart } from '../../shared/chat';
import { startAnthropicMock, type AnthropicMock } from '../../../test/mocks/anthropic-mock.mjs';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { makeConfig, provider } from '../../../test/mocks/test-config';
import { DirectRouter, type Router } from './index';

/**
 * The official SDKs as oracles for our translation, both ways. Requests: the same conversation written
 * as each SDK's own typed params (so tsc checks them against the SDK's types) and as our request must put
 * the same body on the wire. Replies: the SDK's stream helpers and our router must read the same scripted
 * reply into the same content, tool calls, finish and usage.
 */

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

/** Ours: every kind of message and most request fields. */
const ours: ChatRequest = {
  model: 'model-x',
  maxTokens: 300,
  temperature: 0.4,
  topP: 0.9,
  stop: ['END'],
  messages: [
    { role: 'system', content: 'Use tools.' },
    { role: 'user', content: [{ type: 'text', text: 'Weather where this photo is?' }, { type: 'image', url: PNG }, { type: 'image', url: 'https://example.com/oslo.jpg' }] },
    { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }] },
    { role: 'tool', toolCallId: 'call_1', content: 'rain' },
    { role: 'user', content: 'And tomorrow?' },
  ],
  tools: [{ name: 'weather', description: 'Weather by city', parameters: schema }],
  toolChoice: { name: 'weather' },
  parallelToolCalls: false,
};

const openaiParams: OpenAI.ChatCompletionCreateParamsNonStreaming = {
  model: 'model-x',
  messages: [
    { role: 'system', content: 'Use tools.' },
    { role: 'user', content: [{ type: 'text', text: 'Weather where this photo is?' }, { type: 'image_url', image_url: { url: PNG } }, { type: 'image_url', image_url: { url: 'https://example.com/oslo.jpg' } }] },
    { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: 'rain' },
    { role: 'user', content: 'And tomorrow?' },
  ],
  temperature: 0.4,
  // Deprecated for OpenAI's newest models, and still the field every OpenAI-compatible provider reads.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  max_tokens: 300,
  top_p: 0.9,
  stop: ['END'],
  tools: [{ type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: schema } }],
  tool_choice: { type: 'function', function: { name: 'weather' } },
  parallel_tool_calls: false,
};

const anthropicParams: Anthropic.MessageCreateParamsNonStreaming = {
  model: 'model-x',
  system: 'Use tools.',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Weather where this photo is?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG.slice(PNG.indexOf(',') + 1) } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/oslo.jpg' } },
      ],
    },
    { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Oslo' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'rain' }, { type: 'text', text: 'And tomorrow?' }] },
  ],
  max_tokens: 300,
  // Deprecated for Anthropic's newest models only: the wire format carries them, and so must we.
  /* eslint-disable @typescript-eslint/no-deprecated */
  temperature: 0.4,
  top_p: 0.9,
  /* eslint-enable @typescript-eslint/no-deprecated */
  stop_sequences: ['END'],
  tools: [{ name: 'weather', description: 'Weather by city', input_schema: schema as Anthropic.Tool.InputSchema }],
  tool_choice: { type: 'tool', name: 'weather', disable_parallel_tool_use: true },
};

let openaiMock: OpenAIMock;
let anthropicMock: AnthropicMock;
let router: Router;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  openaiMock = await startOpenAIMock({ apiKey: 'sk-test' });
  anthropicMock = await startAnthropicMock({ apiKey: 'sk-ant-test' });
  router = new DirectRouter(makeConfig([provider('openai', 'openai', openaiMock.url), provider('claude', 'anthropic', anthropicMock.url)]));
  openai = new OpenAI({ baseURL: openaiMock.url, apiKey: 'sk-test', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: anthropicMock.url, apiKey: 'sk-ant-test', maxRetries: 0 });
});
afterAll(async () => {
  await router.close();
  await openaiMock.close();
  await anthropicMock.close();
});
beforeEach(() => {
  openaiMock.behave(null);
  anthropicMock.behave(null);
});

async function finishOf(request: ChatRequest) {
  const parts: StreamPart[] = [];
  for await (const part of router.stream(request)) parts.push(part);
  const last = parts.at(-1);
  if (last?.type !== 'finish') throw new Error(`stream ended with ${JSON.stringify(last)}`);
  return last.response;
}

describe('request bodies match what the official SDKs send', () => {
  it('OpenAI chat completions', async () => {
    await openai.chat.completions.create(openaiParams);
    await router.route({ ...ours, provider: 'openai' });
    const [sdk, mine] = openaiMock.requests.slice(-2);
    expect(mine!.body).toEqual(sdk!.body);
  });

  it("Anthropic's Messages API", async () => {
    await anthropic.messages.create(anthropicParams);
    await router.route({ ...ours, provider: 'claude' });
    const [sdk, mine] = anthropicMock.requests.slice(-2);
    expect(mine!.body).toEqual(sdk!.body);
  });
});

describe('replies read the same as the official SDKs read them', () => {
  const calls = [
    { id: 'call_a', name: 'weather', input: { city: 'Oslo' } },
    { id: 'call_b', name: 'weather', input: { city: 'Bergen', note: 'ünïcode ✓' } },
  ];

  it('OpenAI: streamed text and parallel tool calls, usage with cached tokens', async () => {
    const script = { reply: 'Two cities.', toolCalls: calls.map((c) => ({ id: c.id, name: c.name, arguments: c.input })), cachedTokens: 3, splitBytes: 7 };
    openaiMock.behave([script, script]);
    const { stream: _plain, ...params } = openaiParams;
    const sdk = await openai.chat.completions.stream({ ...params, tool_choice: 'auto', stream_options: { include_usage: true } }).finalChatCompletion();
    const mine = await finishOf({ ...ours, toolChoice: 'auto', provider: 'openai', stream: true });
    const message = sdk.choices[0]!.message;
    expect(mine.content).toBe(message.content);
    expect(mine.toolCalls).toEqual(message.tool_calls!.map((c) => (c.type === 'function' ? { id: c.id, name: c.function.name, arguments: c.function.arguments } : c)));
    expect(mine.finishReason).toBe(sdk.choices[0]!.finish_reason);
    expect(mine.usage).toMatchObject({ inputTokens: sdk.usage!.prompt_tokens, outputTokens: sdk.usage!.completion_tokens, cachedInputTokens: sdk.usage!.prompt_tokens_details!.cached_tokens });
  });

  it('Anthropic: streamed text and parallel tool_use blocks, usage with cache reads and writes', async () => {
    const script = { reply: 'Two cities.', toolUses: calls, usage: { input_tokens: 20, output_tokens: 9, cache_read_input_tokens: 100, cache_creation_input_tokens: 7 }, splitBytes: 5 };
    anthropicMock.behave([script, script]);
    const sdk = await anthropic.messages.stream({ ...anthropicParams, tool_choice: { type: 'auto' } }).finalMessage();
    const mine = await finishOf({ ...ours, toolChoice: 'auto', parallelToolCalls: undefined, provider: 'claude', stream: true });
    const text = sdk.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
    const uses = sdk.content.flatMap((b) => (b.type === 'tool_use' ? [{ id: b.id, name: b.name, arguments: JSON.stringify(b.input) }] : []));
    expect(mine.content).toBe(text);
    expect(mine.toolCalls!.map((c) => ({ ...c, arguments: JSON.stringify(JSON.parse(c.arguments)) }))).toEqual(uses);
    expect(mine.finishReason).toBe('tool_calls');
    expect(mine.metadata.providerFinishReason).toBe(sdk.stop_reason);
    const u = sdk.usage;
    expect(mine.usage).toEqual({
      inputTokens: u.input_tokens + u.cache_read_input_tokens! + u.cache_creation_input_tokens!,
      outputTokens: u.output_tokens,
      totalTokens: u.input_tokens + u.cache_read_input_tokens! + u.cache_creation_input_tokens! + u.output_tokens,
      cachedInputTokens: u.cache_read_input_tokens,
      cacheWriteInputTokens: u.cache_creation_input_tokens,
    });
  });
});
