import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared/chat';
import { catchError } from '../../../test/support/catch-error';
import { anthropicMessagesProtocol, buildAnthropicBody } from './anthropic-messages';
import type { WireRequest } from './types';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const user = (content: string): ChatMessage => ({ role: 'user', content });

describe('Anthropic messages: the whole request', () => {
  it('translates images, tool calls and tool results into content blocks, merging results into one user turn', () => {
    const body = buildAnthropicBody(
      {
        model: 'claude',
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: [{ type: 'text', text: 'what is here?' }, { type: 'image', url: PNG }, { type: 'image', url: 'https://example.com/cat.jpg', detail: 'auto' }] },
          { role: 'assistant', content: 'Let me look.', toolCalls: [{ id: 'toolu_1', name: 'weather', arguments: '{"city":"Oslo"}' }, { id: 'toolu_2', name: 'now', arguments: '' }] },
          { role: 'tool', toolCallId: 'toolu_1', content: 'rain' },
          { role: 'tool', toolCallId: 'toolu_2', content: '12:00' },
          user('and tomorrow?'),
        ],
        tools: [{ name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }, { name: 'now', strict: true }],
        toolChoice: 'required',
        parallelToolCalls: false,
        topP: 0.8,
        stop: 'END',
        user: 'u-1',
      },
      false,
    );
    expect(body).toEqual({
      model: 'claude',
      system: 'be brief',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is here?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me look.' },
            { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } },
            { type: 'tool_use', id: 'toolu_2', name: 'now', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'rain' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: '12:00' },
            { type: 'text', text: 'and tomorrow?' },
          ],
        },
      ],
      max_tokens: 4096,
      top_p: 0.8,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
      tools: [
        { name: 'weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
        { name: 'now', input_schema: { type: 'object', properties: {} }, strict: true },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
  });

  it('maps each tool choice', () => {
    const withChoice = (toolChoice: WireRequest['toolChoice']) => buildAnthropicBody({ model: 'c', messages: [user('x')], tools: [{ name: 'a' }], toolChoice }, false).tool_choice;
    expect(withChoice(undefined)).toBeUndefined();
    expect(withChoice('auto')).toEqual({ type: 'auto' });
    expect(withChoice('none')).toEqual({ type: 'none' });
    expect(withChoice({ name: 'a' })).toEqual({ type: 'tool', name: 'a' });
  });

  it('gets JSON output through a forced tool whose input schema is the requested schema', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const body = buildAnthropicBody({ model: 'c', messages: [user('x')], responseFormat: { type: 'json_schema', name: 'reply', schema } }, true);
    expect(body).toMatchObject({ tools: [{ name: 'reply', input_schema: schema }], tool_choice: { type: 'tool', name: 'reply' }, stream: true });
    const object = buildAnthropicBody({ model: 'c', messages: [user('x')], responseFormat: { type: 'json_object' } }, false);
    expect(object).toMatchObject({ tools: [{ name: 'response', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'response' } });
    expect(buildAnthropicBody({ model: 'c', messages: [user('x')], responseFormat: { type: 'text' } }, false)).not.toHaveProperty('tools');
  });

  it('reports what Anthropic cannot take instead of dropping it, naming the field', () => {
    const ask = { model: 'c', messages: [user('x')] };
    for (const [extra, field] of [
      [{ seed: 1 }, 'seed'],
      [{ frequencyPenalty: 0.1 }, 'frequencyPenalty'],
      [{ presencePenalty: 0.1 }, 'presencePenalty'],
      [{ metadata: { team: 'a' } }, 'metadata'],
      [{ responseFormat: { type: 'json_object' }, tools: [{ name: 'a' }] }, 'responseFormat'],
      [{ messages: [{ role: 'user', content: [{ type: 'image', url: PNG, detail: 'high' }] }] }, 'messages[0].content[0].detail'],
      [{ messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/tiff;base64,SUkq' }] }] }, 'messages[0].content[0].url'],
      [{ messages: [user('x'), { role: 'assistant', content: '', toolCalls: [{ id: 't', name: 'a', arguments: '{oops' }] }, { role: 'tool', toolCallId: 't', content: 'r' }] }, 'messages[1].toolCalls[0].arguments'],
      [{ messages: [user('x'), { role: 'assistant', content: '', toolCalls: [{ id: 't', name: 'a', arguments: '[1]' }] }, { role: 'tool', toolCallId: 't', content: 'r' }] }, 'messages[1].toolCalls[0].arguments'],
    ] as const) {
      const error = catchError(() => buildAnthropicBody({ ...ask, ...(extra as object) } as WireRequest, false));
      expect(error, field).toMatchObject({ code: 'INVALID_REQUEST', details: { field, unsupported: true } });
      expect(error.message.startsWith(`${field}: Anthropic's Messages API`)).toBe(true);
    }
  });
});

describe('Anthropic messages: tool calls in replies', () => {
  const ev = (event: string, data: object) => ({ event, data: JSON.stringify({ type: event, ...data }) });
  const start = ev('message_start', { message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 10, output_tokens: 1 } } });
  const toolStream = (name: string) => [
    start,
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Checking.' } }),
    ev('content_block_stop', { index: 0 }),
    ev('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name, input: {} } }),
    ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '' } }),
    ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"city": "Os' } }),
    ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: 'lo"}' } }),
    ev('content_block_stop', { index: 1 }),
    ev('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'toolu_2', name: 'now', input: {} } }),
    ev('content_block_stop', { index: 2 }),
    ev('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 20 } }),
    ev('message_stop', {}),
  ];

  it('streams tool_use blocks as start / delta / complete parts', () => {
    const d = anthropicMessagesProtocol.createStreamDecoder({ model: 'c', messages: [] });
    const parts = toolStream('weather').flatMap((e) => d.push(e));
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Checking.' },
      { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city": "Os' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'lo"}' },
      { type: 'tool-call', index: 0, toolCall: { id: 'toolu_1', name: 'weather', arguments: '{"city": "Oslo"}' } },
      { type: 'tool-call-start', index: 1, id: 'toolu_2', name: 'now' },
      { type: 'tool-call', index: 1, toolCall: { id: 'toolu_2', name: 'now', arguments: '{}' } },
    ]);
    expect(d.finish()).toMatchObject({ content: 'Checking.', finishReason: 'tool_calls', rawFinishReason: 'tool_use', toolCalls: [{ id: 'toolu_1' }, { id: 'toolu_2' }] });
  });

  it('streams the forced JSON-output tool as the reply text', () => {
    const request: WireRequest = { model: 'c', messages: [], responseFormat: { type: 'json_object' } };
    const d = anthropicMessagesProtocol.createStreamDecoder(request);
    const parts = toolStream('response').flatMap((e) => d.push(e));
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('')).toBe('Checking.{"city": "Oslo"}');
    expect(d.finish()).toMatchObject({ finishReason: 'stop', toolCalls: [{ name: 'now' }] });
    const whole = anthropicMessagesProtocol.parseCompletion(
      { content: [{ type: 'tool_use', id: 't', name: 'response', input: { a: 1 } }], stop_reason: 'tool_use', usage: { input_tokens: 1, output_tokens: 1 } },
      request,
    );
    expect(whole).toMatchObject({ content: '{"a":1}', finishReason: 'stop' });
    expect(whole.toolCalls).toBeUndefined();
  });

  it('rejects tool input for a block that never started', () => {
    const d = anthropicMessagesProtocol.createStreamDecoder({ model: 'c', messages: [] });
    d.push(start);
    expect(catchError(() => d.push(ev('content_block_delta', { index: 4, delta: { type: 'input_json_delta', partial_json: '{' } }))).code).toBe('MALFORMED_RESPONSE');
  });
});
