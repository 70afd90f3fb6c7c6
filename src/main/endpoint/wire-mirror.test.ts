import { describe, expect, it } from 'vitest';
import type { ChatResponse, StreamPart } from '../../shared/chat';
import { anthropicMessagesProtocol, buildAnthropicBody } from '../providers/anthropic-messages';
import { buildOpenAIChatBody, openAIChatProtocol } from '../providers/openai-chat';
import { SseParser } from '../providers/sse-parser';
import type { WireProtocol, WireRequest } from '../providers/types';
import { usageFromAnthropic, usageFromOpenAI, usageToAnthropic, usageToOpenAI } from '../providers/usage';
import { chatRequestFromAnthropic } from './anthropic-inbound';
import { anthropicMessage, AnthropicStreamEncoder } from './anthropic-outbound';
import { chatRequestFromOpenAI } from './openai-inbound';
import { openAICompletion, OpenAIStreamEncoder } from './openai-outbound';
import { httpStatusOf, retryHeaders, toOpenAIField } from './wire-errors';

/**
 * The endpoint is the mirror of the router's client side, and the client side is its oracle: a request
 * our builders put on the wire reads back as the same request, and a reply the endpoint writes reads back,
 * through the same decoders that read real providers, as the same reply.
 */

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const ours: WireRequest = {
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
  tools: [{ name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
  toolChoice: { name: 'weather' },
  parallelToolCalls: false,
};

describe('requests read back as they were written', () => {
  it('OpenAI: every field, message for message', () => {
    const { request, stream, includeUsage } = chatRequestFromOpenAI(buildOpenAIChatBody({ ...ours, seed: 7, user: 'u1', responseFormat: { type: 'json_object' } }, true));
    expect(stream).toBe(true);
    expect(includeUsage).toBe(true);
    expect(request).toEqual({ ...ours, seed: 7, user: 'u1', responseFormat: { type: 'json_object' } });
  });

  it("Anthropic: the same body goes back on the wire (its content blocks group what OpenAI's messages split)", () => {
    const body = buildAnthropicBody(ours, false);
    const { request } = chatRequestFromAnthropic(body);
    expect(buildAnthropicBody({ ...request, model: 'model-x' }, false)).toEqual(body);
  });
});

describe('requests with a field of the wrong kind', () => {
  it('refuse a non-string id or text, naming the field, rather than reading it as "[object Object]"', () => {
    const openAI = { model: 'm', messages: [{ role: 'tool', tool_call_id: { id: 'call_1' }, content: 'rain' }] };
    expect(() => chatRequestFromOpenAI(openAI)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', details: expect.objectContaining({ field: 'messages[0].tool_call_id' }) }));
    const anthropic = { model: 'm', max_tokens: 10, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 7, name: 'weather', input: {} }] }] };
    expect(() => chatRequestFromAnthropic(anthropic)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', details: expect.objectContaining({ field: 'messages.0.content.0.id' }) }));
  });
});

const response: ChatResponse = {
  id: 'r1',
  content: 'Here you go.',
  toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }],
  usage: { inputTokens: 20, outputTokens: 7, totalTokens: 27, cachedInputTokens: 5 },
  model: 'model-x-2025',
  provider: 'openai',
  finishReason: 'tool_calls',
  latencyMs: 1,
  metadata: {},
  trace: { mode: 'direct', servedBy: 'direct', attempts: [], retries: 0, overheadMs: 0, latencyMs: 1 },
};
const parts: StreamPart[] = [
  { type: 'start', provider: 'openai', model: 'model-x', mode: 'direct' },
  { type: 'text-delta', text: 'Here ' },
  { type: 'text-delta', text: 'you go.' },
  { type: 'tool-call-start', index: 0, id: 'call_1', name: 'weather' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '"Oslo"}' },
  { type: 'tool-call', index: 0, toolCall: response.toolCalls![0]! },
  { type: 'finish', response },
];

/** Our encoder's bytes, read by the decoder the router uses on real providers. */
function decode(protocol: WireProtocol, sse: string) {
  const decoder = protocol.createStreamDecoder({ model: 'model-x', messages: [] });
  const parser = new SseParser();
  const out = [...parser.push(Buffer.from(sse)), ...parser.end()].flatMap((event) => decoder.push(event));
  return { parts: out, completion: decoder.finish() };
}

describe('replies read back through the router’s own decoders', () => {
  it('OpenAI JSON and stream', () => {
    const json = openAIChatProtocol.parseCompletion(openAICompletion(response, 1), { model: 'x', messages: [] });
    expect(json).toMatchObject({ content: 'Here you go.', toolCalls: response.toolCalls, usage: response.usage, finishReason: 'tool_calls', model: 'openai/model-x-2025' });
    const encoder = new OpenAIStreamEncoder('chatcmpl-1', 1, true);
    const streamed = decode(openAIChatProtocol, parts.map((p) => encoder.encode(p)).join(''));
    expect(streamed.parts).toEqual(parts.slice(1, -1));
    expect(streamed.completion).toMatchObject({ content: 'Here you go.', toolCalls: response.toolCalls, usage: response.usage, finishReason: 'tool_calls' });
  });

  it('Anthropic JSON and stream', () => {
    const json = anthropicMessagesProtocol.parseCompletion(anthropicMessage(response), { model: 'x', messages: [] });
    expect(json).toMatchObject({ content: 'Here you go.', toolCalls: response.toolCalls, usage: response.usage, finishReason: 'tool_calls' });
    const encoder = new AnthropicStreamEncoder('msg_1');
    const streamed = decode(anthropicMessagesProtocol, parts.map((p) => encoder.encode(p)).join(''));
    expect(streamed.parts).toEqual(parts.slice(1, -1));
    expect(streamed.completion).toMatchObject({ content: 'Here you go.', toolCalls: response.toolCalls, usage: response.usage, finishReason: 'tool_calls', model: 'openai/model-x' });
  });

  it('usage survives both wire shapes, cache counts included', () => {
    const usage = { inputTokens: 30, outputTokens: 9, totalTokens: 39, cachedInputTokens: 10, cacheWriteInputTokens: 4 };
    expect(usageFromAnthropic(usageToAnthropic(usage))).toEqual(usage);
    expect(usageFromOpenAI(usageToOpenAI({ ...usage, cacheWriteInputTokens: undefined, reasoningTokens: 3 } as never))).toEqual({ inputTokens: 30, outputTokens: 9, totalTokens: 39, cachedInputTokens: 10, reasoningTokens: 3 });
  });
});

describe('errors', () => {
  it('map to the status an SDK acts on', () => {
    const e = (code: string, details?: Record<string, unknown>) => httpStatusOf({ code: code as never, message: '', retryable: false, ...(details ? { details } : {}) });
    expect([e('UNAUTHORIZED'), e('INVALID_REQUEST'), e('PROVIDER_NOT_FOUND'), e('RATE_LIMITED'), e('AUTH_FAILED'), e('NETWORK_ERROR'), e('TIMEOUT'), e('INTERNAL')]).toEqual([401, 400, 404, 429, 502, 502, 504, 500]);
    expect([e('UPSTREAM_ERROR', { status: 529 }), e('UPSTREAM_ERROR', { status: 400 }), e('UPSTREAM_ERROR', { status: 403 }), e('UPSTREAM_ERROR')]).toEqual([529, 400, 502, 502]);
    expect(retryHeaders({ code: 'RATE_LIMITED', message: '', retryable: true, details: { retryAfterMs: 1500 } })).toEqual({ 'x-should-retry': 'true', 'retry-after': '2', 'retry-after-ms': '1500' });
  });

  it("name fields in OpenAI's words", () => {
    expect(toOpenAIField('maxTokens')).toBe('max_tokens');
    expect(toOpenAIField('messages[2].toolCalls[0].arguments')).toBe('messages[2].tool_calls[0].function.arguments');
    expect(toOpenAIField('messages[1].content[1].url')).toBe('messages[1].content[1].image_url.url');
    expect(toOpenAIField('tools[0].name')).toBe('tools[0].function.name');
    expect(toOpenAIField('responseFormat.schema')).toBe('response_format.json_schema.schema');
  });
});

