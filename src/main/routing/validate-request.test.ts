import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../shared/errors';
import { catchError } from '../../../test/support/catch-error';
import { chatRequestSchema, validateChatRequest } from './validate-request';

const user = { role: 'user', content: 'hi' };

/** Requests on both sides of every rule, including the edges the hand-written fast path checks itself. */
const CASES: unknown[] = [
  { messages: [user] },
  { messages: [{ role: 'system', content: '' }, user, { role: 'assistant', content: 'yo' }] },
  { messages: [{ ...user, name: 'extra key', tool_calls: [] }], unknown: 1 },
  { messages: [user], unknown: undefined },
  { messages: [{ ...user, extra: undefined }] },
  { messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', url: 'https://example.com/a.png', detail: 'low' }] }] },
  { messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' }] }] },
  { messages: [{ role: 'user', content: [] }] },
  { messages: [{ role: 'user', content: [{ type: 'image', url: 'ftp://x/y.png' }] }] },
  { messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/png,notbase64' }] }] },
  { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x' } }] }] },
  { messages: [{ role: 'user', content: [{ type: 'image', url: 'https://x/y.png', detail: 'ultra' }] }] },
  {
    messages: [
      user,
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Oslo"}' }, { id: 'c2', name: 'time', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'c2', content: '12:00' },
      { role: 'tool', toolCallId: 'c1', content: 'rain' },
      { role: 'user', content: 'thanks' },
    ],
    tools: [{ name: 'weather', parameters: { type: 'object' } }, { name: 'time', description: 'now', strict: true }],
    toolChoice: { name: 'weather' },
    parallelToolCalls: false,
  },
  { messages: [user, { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'w', arguments: '{}' }] }, user] },
  { messages: [user, { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'w', arguments: '{}' }] }, { role: 'tool', toolCallId: 'c9', content: 'x' }] },
  { messages: [user, { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'w', arguments: '{}' }, { id: 'c1', name: 'w', arguments: '{}' }] }] },
  { messages: [user, { role: 'assistant', content: '', toolCalls: [] }] },
  { messages: [user, { role: 'assistant', content: 'x', toolCalls: [{ id: 'c1', name: 'bad name!', arguments: '{}' }] }] },
  { messages: [user], tools: [{ name: 'a' }, { name: 'a' }] },
  { messages: [user], tools: [{ type: 'function', function: { name: 'a' } }] },
  { messages: [user], tools: [{ name: 'a' }], toolChoice: { name: 'b' } },
  { messages: [user], tools: [{ name: 'a' }], toolChoice: 'any' },
  { messages: [user], toolChoice: 'auto' },
  { messages: [user], parallelToolCalls: true },
  { messages: [user], tools: [], toolChoice: 'none' },
  { messages: [user], topP: 0.5, stop: ['\n'], seed: 42, frequencyPenalty: -2, presencePenalty: 2, user: 'u1', metadata: { team: 'a' } },
  { messages: [user], stop: 'END' },
  { messages: [user], topP: 1.5 },
  { messages: [user], seed: 1.5 },
  { messages: [user], frequencyPenalty: 3 },
  { messages: [user], metadata: { n: 1 } },
  { messages: [user], responseFormat: { type: 'json_object' } },
  { messages: [user], responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
  { messages: [user], responseFormat: { type: 'json_schema' } },
  { messages: [user], responseFormat: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } },
  { messages: [user], responseFormat: { type: 'xml' } },
  { messages: [user], model: 'gpt', provider: 'openai', temperature: 0, maxTokens: 1, stream: false, additionalParams: { top_p: 0.5 } },
  { messages: [user], temperature: 2, maxTokens: 2 ** 53 - 1, stream: true, additionalParams: {} },
  { messages: [user], model: undefined, temperature: undefined },
  { messages: [] },
  { messages: 'hi' },
  { messages: [null] },
  { messages: [[]] },
  { messages: [{ role: 'tool', content: 'x' }] },
  { messages: [{ role: 'user', content: null }] },
  { messages: [{ role: 'user' }] },
  { messages: [user], model: '' },
  { messages: [user], model: null },
  { messages: [user], provider: 7 },
  { messages: [user], temperature: 2.0001 },
  { messages: [user], temperature: -0.1 },
  { messages: [user], temperature: Number.NaN },
  { messages: [user], temperature: Number.POSITIVE_INFINITY },
  { messages: [user], temperature: '1' },
  { messages: [user], maxTokens: 1.5 },
  { messages: [user], maxTokens: 0 },
  { messages: [user], maxTokens: 2 ** 53 },
  { messages: [user], stream: 'yes' },
  { messages: [user], additionalParams: [] },
  { messages: [user], additionalParams: null },
];

describe('validateChatRequest', () => {
  it.each(CASES.map((input, i) => [i, input]))('case %i agrees with the schema', (_i, input) => {
    const schema = chatRequestSchema.safeParse(input);
    if (schema.success) {
      expect(validateChatRequest(input)).toEqual(schema.data);
    } else {
      let thrown: unknown;
      try {
        validateChatRequest(input);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SwitchyardError);
      expect(thrown).toMatchObject({ code: 'INVALID_REQUEST', details: { field: expect.any(String) } });
    }
  });

  it('copies what it keeps', () => {
    const messages = [{ role: 'user', content: 'hi' }];
    const additionalParams = { seed: 1 };
    const out = validateChatRequest({ messages, additionalParams });
    expect(out).toEqual({ messages: [{ role: 'user', content: 'hi' }], additionalParams: { seed: 1 } });
    expect(out.messages[0]).not.toBe(messages[0]);
    expect(out.additionalParams).not.toBe(additionalParams);
  });

  it('names an unknown field rather than dropping it, with the name it probably meant', () => {
    expect(catchError(() => validateChatRequest({ messages: [user], top_p: 0.5 }))).toMatchObject({ details: { field: 'top_p' } });
    expect(catchError(() => validateChatRequest({ messages: [user], top_p: 0.5 })).message).toBe("top_p: unknown field 'top_p' (did you mean topP?)");
    const error = catchError(() => validateChatRequest({ messages: [user, { role: 'assistant', content: '', tool_calls: [] }] }));
    expect(error.message).toBe("messages[1].tool_calls: unknown field 'tool_calls' (did you mean toolCalls?)");
    expect(catchError(() => validateChatRequest({ messages: [{ ...user, secret: 1 }] })).details.field).toBe('messages[0].secret');
  });

  it('checks that tool results answer the calls of the assistant turn before them', () => {
    const call = { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'w', arguments: '{}' }] };
    expect(catchError(() => validateChatRequest({ messages: [user, call, user] })).message).toBe("messages[1].toolCalls[0]: call 'c1' has no tool message answering it");
    expect(catchError(() => validateChatRequest({ messages: [user, { role: 'tool', toolCallId: 'c1', content: 'x' }] })).message).toMatch(/^messages\[1\]\.toolCallId: 'c1' answers no tool call/);
    expect(catchError(() => validateChatRequest({ messages: [user], tools: [{ name: 'a' }], toolChoice: { name: 'b' } })).message).toBe("toolChoice.name: 'b' is not one of the tools (a)");
    expect(catchError(() => validateChatRequest({ messages: [user], toolChoice: 'auto' })).message).toBe('toolChoice: needs tools');
  });

  it('names the offending field', () => {
    expect(() => validateChatRequest({ messages: [user], temperature: 3 })).toThrow(/^temperature: must be between 0 and 2/);
    expect(() => validateChatRequest({ messages: [{ role: 'bot', content: 'x' }] })).toThrow(/^messages\[0\]\.role: must be one of/);
    expect(() => validateChatRequest(null)).toThrow(/^request: must be an object/);
  });
});
