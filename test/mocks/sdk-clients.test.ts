import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicMock, type AnthropicMock } from './anthropic-mock.mjs';
import { startOpenAIMock, type OpenAIMock } from './openai-mock.mjs';

/**
 * The mocks driven by the official SDKs, which are the oracle for the wire formats: their stream
 * helpers assemble tool calls from OpenAI's indexed fragments and Anthropic's input_json_delta events, and
 * their error classes read the error bodies. A mock that drifts from the real format fails here.
 */

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const weatherParameters = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] };

let openaiMock: OpenAIMock;
let anthropicMock: AnthropicMock;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  openaiMock = await startOpenAIMock({ apiKey: 'sk-test' });
  anthropicMock = await startAnthropicMock({ apiKey: 'sk-ant-test' });
  openai = new OpenAI({ baseURL: openaiMock.url, apiKey: 'sk-test', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: anthropicMock.url, apiKey: 'sk-ant-test', maxRetries: 0 });
});
afterAll(async () => {
  await openaiMock.close();
  await anthropicMock.close();
});
beforeEach(() => {
  openaiMock.behave(null);
  anthropicMock.behave(null);
});

describe('OpenAI mock, as the openai SDK sees it', () => {
  const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: weatherParameters } }];
  const ask: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Oslo' }];

  it('answers a required tool call with arguments that fit the schema, whole and streamed', async () => {
    const whole = await openai.chat.completions.create({ model: 'gpt-4o-mock', messages: ask, tools, tool_choice: 'required' });
    expect(whole.choices[0]!.finish_reason).toBe('tool_calls');
    const call = whole.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && call.function.name).toBe('weather');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo', days: 1 });

    const argumentEvents: string[] = [];
    const stream = openai.chat.completions.stream({ model: 'gpt-4o-mock', messages: ask, tools, tool_choice: { type: 'function', function: { name: 'weather' } } });
    stream.on('tool_calls.function.arguments.done', (event) => argumentEvents.push(event.arguments));
    const streamed = await stream.finalChatCompletion();
    const message = streamed.choices[0]!.message;
    expect(message.tool_calls).toEqual([{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo","days":1}' } }]);
    expect(argumentEvents).toEqual(['{"city":"Oslo","days":1}']);
    expect(streamed.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('takes the tool result and image parts back, and answers in JSON when asked', async () => {
    const conversation: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'user', content: [{ type: 'text', text: 'weather where this is, as json' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'low' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'rain' },
    ];
    const answer = await openai.chat.completions.create({ model: 'gpt-4o-mock', messages: conversation, tools });
    expect(answer.choices[0]!.message.content).toBe('rain');
    const json = await openai.chat.completions.create({ model: 'gpt-4o-mock', messages: conversation, response_format: { type: 'json_object' } });
    expect(JSON.parse(json.choices[0]!.message.content!)).toEqual({ echo: 'rain' });
    const schema = { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'], additionalProperties: false };
    const streamed = await openai.chat.completions
      .stream({ model: 'gpt-4o-mock', messages: conversation, response_format: { type: 'json_schema', json_schema: { name: 'forecast', schema, strict: true } } })
      .finalChatCompletion();
    expect(JSON.parse(streamed.choices[0]!.message.content!)).toEqual({ summary: 'rain' });
  });

  it('refuses what the real API refuses, with its error shape', async () => {
    const unanswered: OpenAI.ChatCompletionMessageParam[] = [...ask, { role: 'assistant', content: null, tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'weather', arguments: '{}' } }] }];
    await expect(openai.chat.completions.create({ model: 'gpt-4o-mock', messages: unanswered, tools })).rejects.toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      message: expect.stringContaining('did not have response messages: call_9'),
    });
    await expect(openai.chat.completions.create({ model: 'gpt-4o-mock', messages: ask, response_format: { type: 'json_object' } })).rejects.toMatchObject({
      message: expect.stringContaining("must contain the word 'json'"),
    });
    await expect(openai.chat.completions.create({ model: 'gpt-4o-mock', messages: ask, tool_choice: 'auto' })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('itemises usage, cached tokens included', async () => {
    openaiMock.behave({ cachedTokens: 2 });
    const res = await openai.chat.completions.create({ model: 'gpt-4o-mock', messages: ask });
    expect(res.usage?.prompt_tokens_details?.cached_tokens).toBe(2);
  });
});

describe('Anthropic mock, as the @anthropic-ai/sdk sees it', () => {
  const tools: Anthropic.Tool[] = [{ name: 'weather', description: 'Weather by city', input_schema: weatherParameters as Anthropic.Tool.InputSchema }];
  const ask: Anthropic.MessageParam[] = [{ role: 'user', content: 'Oslo' }];

  it('answers a forced tool call with input that fits the schema, whole and streamed', async () => {
    const whole = await anthropic.messages.create({ model: 'claude-mock', max_tokens: 100, messages: ask, tools, tool_choice: { type: 'tool', name: 'weather' } });
    expect(whole.stop_reason).toBe('tool_use');
    expect(whole.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'weather', input: { city: 'Oslo', days: 1 } }]);

    const snapshots: unknown[] = [];
    const stream = anthropic.messages.stream({ model: 'claude-mock', max_tokens: 100, messages: ask, tools, tool_choice: { type: 'any' } });
    stream.on('inputJson', (_delta, snapshot) => snapshots.push(snapshot));
    const streamed = await stream.finalMessage();
    expect(streamed.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'weather', input: { city: 'Oslo', days: 1 } }]);
    expect(snapshots.at(-1)).toEqual({ city: 'Oslo', days: 1 });
    expect(streamed.stop_reason).toBe('tool_use');
  });

  it('streams scripted text and parallel tool calls, and takes their results back with images', async () => {
    anthropicMock.behave([{ reply: 'Looking.', toolUses: [{ name: 'weather', input: { city: 'Oslo' } }, { name: 'weather', input: { city: 'Bergen' } }] }]);
    const first = await anthropic.messages.stream({ model: 'claude-mock', max_tokens: 100, messages: ask, tools }).finalMessage();
    expect(first.content.map((b) => b.type)).toEqual(['text', 'tool_use', 'tool_use']);
    const uses = first.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    expect(uses.map((u) => u.input)).toEqual([{ city: 'Oslo' }, { city: 'Bergen' }]);

    const followUp: Anthropic.MessageParam[] = [
      { role: 'user', content: [{ type: 'text', text: 'Oslo' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }, { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } }] },
      { role: 'assistant', content: first.content },
      { role: 'user', content: uses.map((u) => ({ type: 'tool_result' as const, tool_use_id: u.id, content: `rain in ${(u.input as { city: string }).city}` })) },
    ];
    const final = await anthropic.messages.create({ model: 'claude-mock', max_tokens: 100, messages: followUp, tools });
    expect(final.content).toEqual([{ type: 'text', text: 'rain in Oslo rain in Bergen' }]);
    expect(final.stop_reason).toBe('end_turn');
  });

  it('refuses what the real API refuses, with its error shape', async () => {
    await expect(anthropic.messages.create({ model: 'claude-mock', max_tokens: 10, messages: ask, seed: 1 } as Anthropic.MessageCreateParamsNonStreaming)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('seed: Extra inputs are not permitted'),
    });
    const unanswered: Anthropic.MessageParam[] = [...ask, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_9', name: 'weather', input: {} }] }, { role: 'user', content: 'hm' }];
    await expect(anthropic.messages.create({ model: 'claude-mock', max_tokens: 10, messages: unanswered, tools })).rejects.toMatchObject({
      message: expect.stringContaining('`tool_use` ids were found without `tool_result` blocks immediately after: toolu_9'),
    });
    const bmp: Anthropic.MessageParam[] = [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp' as 'image/png', data: 'Qk0=' } }] }];
    await expect(anthropic.messages.create({ model: 'claude-mock', max_tokens: 10, messages: bmp })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it('reports prompt-cache reads and writes in usage', async () => {
    anthropicMock.behave({ usage: { input_tokens: 3, output_tokens: 2, cache_read_input_tokens: 40, cache_creation_input_tokens: 5 } });
    const streamed = await anthropic.messages.stream({ model: 'claude-mock', max_tokens: 10, messages: ask }).finalMessage();
    expect(streamed.usage).toMatchObject({ input_tokens: 3, cache_read_input_tokens: 40, cache_creation_input_tokens: 5, output_tokens: 2 });
  });
});
