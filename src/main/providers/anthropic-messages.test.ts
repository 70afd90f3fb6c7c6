import { describe, expect, it } from 'vitest';
import { catchError } from '../../../test/support/catch-error';
import {
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  anthropicHeaders,
  anthropicMessagesProtocol,
  anthropicMessagesUrl,
  buildAnthropicBody,
  parseAnthropicMessage,
} from './anthropic-messages';

const REQ = { model: 'c', messages: [] };
const ev = (event: string, data: object | string) => ({ event, data: typeof data === 'string' ? data : JSON.stringify({ type: event, ...data }) });

describe('Anthropic messages: requests', () => {
  it('moves system messages to the system field and defaults max_tokens', () => {
    const body = buildAnthropicBody(
      {
        model: 'claude',
        temperature: 1.5,
        messages: [
          { role: 'system', content: 'one' },
          { role: 'user', content: 'hi' },
          { role: 'system', content: 'two' },
        ],
      },
      true,
    );
    expect(body).toEqual({ model: 'claude', system: 'one\n\ntwo', messages: [{ role: 'user', content: 'hi' }], max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS, temperature: 1, stream: true });
    expect(buildAnthropicBody({ model: 'c', maxTokens: 7, messages: [{ role: 'user', content: 'x' }] }, false).max_tokens).toBe(7);
    expect(buildAnthropicBody({ model: 'c', additionalParams: { max_tokens: 9, top_k: 3 }, messages: [{ role: 'user', content: 'x' }] }, false)).toMatchObject({ max_tokens: 9, top_k: 3 });
  });

  it('refuses a conversation that is only a system prompt, before sending', () => {
    expect(catchError(() => buildAnthropicBody({ model: 'c', messages: [{ role: 'system', content: 's' }] }, false))).toMatchObject({
      code: 'INVALID_REQUEST',
      details: { field: 'messages' },
    });
  });

  it('sends x-api-key and anthropic-version; builds the URL from the host root', () => {
    expect(anthropicHeaders('k', {}, false)).toMatchObject({ 'x-api-key': 'k', 'anthropic-version': '2023-06-01' });
    expect(anthropicMessagesUrl('https://api.anthropic.com')).toBe('https://api.anthropic.com/v1/messages');
    expect(anthropicMessagesUrl('http://127.0.0.1:9/v1/')).toBe('http://127.0.0.1:9/v1/messages');
  });
});

describe('Anthropic messages: responses', () => {
  it('joins text blocks, keeps tool calls apart, and counts cached input as input', () => {
    const c = parseAnthropicMessage({
      id: 'msg_1',
      type: 'message',
      model: 'claude-x',
      content: [{ type: 'text', text: 'a' }, { type: 'tool_use', id: 't', name: 'look', input: { q: 1 } }, { type: 'thinking', thinking: 'hm' }, { type: 'text', text: 'b' }],
      stop_reason: 'tool_use',
      usage: { input_tokens: 5, output_tokens: 2, cache_read_input_tokens: 10, cache_creation_input_tokens: 3 },
    });
    expect(c).toEqual({
      id: 'msg_1',
      model: 'claude-x',
      content: 'ab',
      toolCalls: [{ id: 't', name: 'look', arguments: '{"q":1}' }],
      finishReason: 'tool_calls',
      rawFinishReason: 'tool_use',
      usage: { inputTokens: 18, outputTokens: 2, totalTokens: 20, cachedInputTokens: 10, cacheWriteInputTokens: 3 },
      usageReported: true,
    });
  });

  it('names what is wrong with a malformed message', () => {
    expect(catchError(() => parseAnthropicMessage(null)).code).toBe('MALFORMED_RESPONSE');
    expect(catchError(() => parseAnthropicMessage({ usage: {} })).details.field).toBe('content');
    expect(catchError(() => parseAnthropicMessage({ content: [] })).details.field).toBe('usage');
    expect(catchError(() => parseAnthropicMessage({ content: [1], usage: {} })).details.field).toBe('content[0]');
    expect(catchError(() => parseAnthropicMessage({ content: [{ type: 'text' }], usage: {} })).details.field).toBe('content[0].text');
    expect(catchError(() => parseAnthropicMessage({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } }))).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true });
  });
});

describe('Anthropic messages: stream decoding', () => {
  it('reads the full event sequence, ignoring ping and unknown events', () => {
    const d = anthropicMessagesProtocol.createStreamDecoder(REQ);
    const texts = [
      ev('message_start', { message: { id: 'msg_2', model: 'claude-x', usage: { input_tokens: 9, output_tokens: 1 } } }),
      ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      ev('ping', {}),
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hi ' } }),
      ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{' } }),
      ev('brand_new_event', {}),
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'there' } }),
      ev('content_block_stop', { index: 0 }),
      ev('message_delta', { delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 4 } }),
      ev('message_stop', {}),
    ].flatMap((e) => d.push(e));
    expect(texts).toEqual([{ type: 'text-delta', text: 'Hi ' }, { type: 'text-delta', text: 'there' }]);
    expect(d.done).toBe(true);
    expect(d.finish()).toEqual({ id: 'msg_2', model: 'claude-x', content: 'Hi there', finishReason: 'length', rawFinishReason: 'max_tokens', usage: { inputTokens: 9, outputTokens: 4, totalTokens: 13 }, usageReported: true });
  });

  it('turns a mid-stream error event into an error with the provider type', () => {
    const d = anthropicMessagesProtocol.createStreamDecoder(REQ);
    d.push(ev('message_start', { message: { id: 'm', model: 'c', usage: {} } }));
    const error = catchError(() => d.push(ev('error', { error: { type: 'overloaded_error', message: 'Overloaded' } })));
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true, details: { providerType: 'overloaded_error', midStream: true, status: 529 } });
    const limited = catchError(() => anthropicMessagesProtocol.createStreamDecoder(REQ).push(ev('error', { error: { type: 'rate_limit_error', message: 'slow down' } })));
    expect(limited.code).toBe('RATE_LIMITED');
  });

  it('rejects malformed and truncated streams', () => {
    expect(catchError(() => anthropicMessagesProtocol.createStreamDecoder(REQ).push(ev('content_block_delta', '{"broken'))).message).toMatch(/content_block_delta.*not valid JSON/);
    expect(catchError(() => anthropicMessagesProtocol.createStreamDecoder(REQ).push(ev('x', '"str"'))).code).toBe('MALFORMED_RESPONSE');
    expect(catchError(() => anthropicMessagesProtocol.createStreamDecoder(REQ).push(ev('message_start', {}))).details.field).toBe('message');
    expect(catchError(() => anthropicMessagesProtocol.createStreamDecoder(REQ).push(ev('content_block_delta', {}))).details.field).toBe('delta');
    expect(catchError(() => anthropicMessagesProtocol.createStreamDecoder(REQ).push(ev('content_block_delta', { delta: { type: 'text_delta' } }))).details.field).toBe('delta.text');
    expect(catchError(() => anthropicMessagesProtocol.createStreamDecoder(REQ).finish()).message).toMatch(/without `message_start`/);
    const cut = anthropicMessagesProtocol.createStreamDecoder(REQ);
    cut.push(ev('message_start', { message: { id: 'm', model: 'c', usage: {} } }));
    expect(catchError(() => cut.finish()).message).toMatch(/before `message_stop`/);
  });
});
