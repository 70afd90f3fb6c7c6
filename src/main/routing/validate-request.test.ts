import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../shared/errors';
import { chatRequestSchema, validateChatRequest } from './validate-request';

const user = { role: 'user', content: 'hi' };

/** Requests on both sides of every rule, including the edges the hand-written fast path checks itself. */
const CASES: unknown[] = [
  { messages: [user] },
  { messages: [{ role: 'system', content: '' }, user, { role: 'assistant', content: 'yo' }] },
  { messages: [{ ...user, name: 'extra key', tool_calls: [] }], unknown: 1 },
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

  it('keeps only known fields and copies what it keeps', () => {
    const messages = [{ role: 'user', content: 'hi', secret: 'x' }];
    const additionalParams = { seed: 1 };
    const out = validateChatRequest({ messages, additionalParams, extra: true });
    expect(out).toEqual({ messages: [{ role: 'user', content: 'hi' }], additionalParams: { seed: 1 } });
    expect(out.messages[0]).not.toBe(messages[0]);
    expect(out.additionalParams).not.toBe(additionalParams);
  });

  it('names the offending field', () => {
    expect(() => validateChatRequest({ messages: [user], temperature: 3 })).toThrow(/^temperature: must be between 0 and 2/);
    expect(() => validateChatRequest({ messages: [{ role: 'bot', content: 'x' }] })).toThrow(/^messages\[0\]\.role: must be one of/);
    expect(() => validateChatRequest(null)).toThrow(/^request: must be an object/);
  });
});
