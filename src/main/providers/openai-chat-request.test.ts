import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared/chat';
import { catchError } from '../../../test/support/catch-error';
import { buildOpenAIChatBody } from './openai-chat-request';
import { openAIChatProtocol } from './openai-chat';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const conversation: ChatMessage[] = [
  { role: 'system', content: 'be brief' },
  { role: 'user', content: [{ type: 'text', text: 'what is here?' }, { type: 'image', url: PNG, detail: 'low' }, { type: 'image', url: 'https://example.com/cat.jpg' }] },
  { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }] },
  { role: 'tool', toolCallId: 'call_1', content: 'rain' },
];

describe('OpenAI chat completions: the whole request', () => {
  it('carries image parts, tool calls, tool results, tools and every common parameter in OpenAI field names', () => {
    const body = buildOpenAIChatBody(
      {
        model: 'gpt-4o',
        messages: conversation,
        topP: 0.9,
        stop: ['END'],
        seed: 7,
        frequencyPenalty: 0.5,
        presencePenalty: -0.5,
        user: 'u-1',
        metadata: { team: 'a' },
        tools: [{ name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true }, { name: 'now' }],
        toolChoice: { name: 'weather' },
        parallelToolCalls: false,
      },
      false,
    );
    expect(body).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is here?' },
            { type: 'image_url', image_url: { url: PNG, detail: 'low' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'rain' },
      ],
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      user: 'u-1',
      metadata: { team: 'a' },
      tools: [
        { type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } },
        { type: 'function', function: { name: 'now' } },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      parallel_tool_calls: false,
    });
  });

  it('asks for JSON output with response_format, naming an unnamed schema', () => {
    const ask = { model: 'm', messages: [{ role: 'user' as const, content: 'json please' }] };
    expect(buildOpenAIChatBody({ ...ask, responseFormat: { type: 'json_object' } }, false).response_format).toEqual({ type: 'json_object' });
    expect(buildOpenAIChatBody({ ...ask, responseFormat: { type: 'json_schema', schema: { type: 'object' }, strict: true } }, false).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: { type: 'object' }, strict: true },
    });
    expect(buildOpenAIChatBody({ ...ask, toolChoice: 'required', tools: [{ name: 'a' }] }, false).tool_choice).toBe('required');
  });

  it('refuses an image type the API cannot take, naming the part', () => {
    const error = catchError(() => buildOpenAIChatBody({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/bmp;base64,Qk0=' }] }] }, false));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'messages[0].content[0].url', unsupported: true } });
    expect(error.message).toContain('not image/bmp');
  });
});

describe('OpenAI chat completions: tool calls in replies', () => {
  const ev = (data: unknown) => ({ event: 'message', data: JSON.stringify(data) });
  const chunk = (delta: unknown, finish: string | null = null) => ev({ id: 'c', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
  const REQ = { model: 'm', messages: [] };

  it('parses tool calls from a whole reply', () => {
    const c = openAIChatProtocol.parseCompletion(
      {
        choices: [{ message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }, finish_reason: 'tool_calls' }],
        usage: { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 8 }, completion_tokens_details: { reasoning_tokens: 2 } },
      },
      REQ,
    );
    expect(c).toMatchObject({ content: '', toolCalls: [{ id: 'call_9', name: 'f', arguments: '{"a":1}' }], finishReason: 'tool_calls' });
    expect(c.usage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 8, reasoningTokens: 2 });
    expect(catchError(() => openAIChatProtocol.parseCompletion({ choices: [{ message: { tool_calls: [{ function: {} }] } }] }, REQ)).details.field).toBe('choices[0].message.tool_calls[0]');
  });

  it('streams indexed fragments as start / delta parts and completes the calls at the finish', () => {
    const d = openAIChatProtocol.createStreamDecoder(REQ);
    const parts = [
      chunk({ role: 'assistant', content: null }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ].flatMap((e) => d.push(e));
    expect(parts).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Oslo"}' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'time' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
      { type: 'tool-call', index: 0, toolCall: { id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' } },
      { type: 'tool-call', index: 1, toolCall: { id: 'call_b', name: 'time', arguments: '{}' } },
    ]);
    expect(d.push({ event: 'message', data: '[DONE]' })).toEqual([]);
    expect(d.finish()).toMatchObject({ toolCalls: [{ id: 'call_a' }, { id: 'call_b' }], finishReason: 'tool_calls' });
  });

  it('tells calls apart when a server reuses index 0 or sends fresh ids per piece, and names calls that came without an id', () => {
    const d = openAIChatProtocol.createStreamDecoder(REQ);
    d.push(chunk({ tool_calls: [{ index: 0, id: 'x1', function: { name: 'a', arguments: '{}' } }] }));
    d.push(chunk({ tool_calls: [{ index: 0, id: 'x2', function: { name: 'b', arguments: '{}' } }] }));
    d.push(chunk({ tool_calls: [{ function: { name: 'c', arguments: '{"k":1}' } }] }));
    d.push({ event: 'message', data: '[DONE]' });
    expect(d.finish().toolCalls).toEqual([
      { id: 'x1', name: 'a', arguments: '{}' },
      { id: 'x2', name: 'b', arguments: '{}' },
      { id: 'call_2', name: 'c', arguments: '{"k":1}' },
    ]);
    const fresh = openAIChatProtocol.createStreamDecoder(REQ);
    fresh.push(chunk({ tool_calls: [{ index: 0, id: 'p1', function: { name: 'a', arguments: '{"q":' } }] }));
    fresh.push(chunk({ tool_calls: [{ index: 0, id: 'p2', function: { arguments: '2}' } }] }));
    fresh.push(chunk({}, 'tool_calls'));
    expect(fresh.finish().toolCalls).toEqual([{ id: 'p1', name: 'a', arguments: '{"q":2}' }]);
  });

  it('reports a refusal as the reply, finished by the content filter', () => {
    const d = openAIChatProtocol.createStreamDecoder(REQ);
    expect(d.push(chunk({ refusal: "I can't help with that." }, 'stop'))).toEqual([{ type: 'text-delta', text: "I can't help with that." }]);
    expect(d.finish()).toMatchObject({ content: "I can't help with that.", finishReason: 'content_filter', rawFinishReason: 'stop' });
    expect(catchError(() => openAIChatProtocol.createStreamDecoder(REQ).push(chunk({ tool_calls: [{ index: 0, function: { arguments: 3 } }] }))).code).toBe('MALFORMED_RESPONSE');
  });
});
