import { describe, expect, it } from 'vitest';
import { catchError } from '../../../test/support/catch-error';
import { buildOpenAIChatBody, openAIChatHeaders, openAIChatProtocol, openAIChatUrl, parseOpenAICompletion } from './openai-chat';

const ev = (data: string) => ({ event: 'message', data });
const REQ = { model: 'm', messages: [] };
const text = (t: string) => ({ type: 'text-delta', text: t });

describe('OpenAI chat completions: requests', () => {
  it('builds the body, asks for usage when streaming, and passes extras without letting them override core fields', () => {
    const body = buildOpenAIChatBody({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.2,
      maxTokens: 50,
      additionalParams: { top_p: 0.9, model: 'evil', stream_options: { foo: 1 } },
    }, true);
    expect(body).toEqual({
      top_p: 0.9,
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.2,
      max_tokens: 50,
      stream: true,
      stream_options: { foo: 1, include_usage: true },
    });
    const plain = buildOpenAIChatBody({ model: 'm', messages: [], additionalParams: { stream: true } }, false);
    expect(plain).not.toHaveProperty('stream');
    expect(plain).not.toHaveProperty('max_tokens');
  });

  it('sends Bearer auth and extra headers; builds the URL from base_url', () => {
    expect(openAIChatHeaders('sk-1', { 'X-Title': 'switchyard' }, true)).toEqual({
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: 'Bearer sk-1',
      'x-title': 'switchyard',
    });
    expect(openAIChatHeaders(undefined, {}, false)).not.toHaveProperty('authorization');
    expect(openAIChatUrl('http://127.0.0.1:11434/v1/')).toBe('http://127.0.0.1:11434/v1/chat/completions');
  });
});

describe('OpenAI chat completions: responses', () => {
  it('parses a completion and normalises usage', () => {
    const c = parseOpenAICompletion({
      id: 'x',
      model: 'gpt-4o-2024',
      choices: [{ message: { role: 'assistant', content: 'hey' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 1 },
    });
    expect(c).toEqual({ id: 'x', model: 'gpt-4o-2024', content: 'hey', finishReason: 'stop', rawFinishReason: 'stop', usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 }, usageReported: true });
    expect(parseOpenAICompletion({ choices: [{ message: { content: null } }] }).content).toBe('');
  });

  it('names what is wrong with a malformed body', () => {
    expect(catchError(() => parseOpenAICompletion('nope'))).toMatchObject({ code: 'MALFORMED_RESPONSE' });
    expect(catchError(() => parseOpenAICompletion({})).message).toContain('choices');
    expect(catchError(() => parseOpenAICompletion({ choices: [] })).message).toContain('empty');
    expect(catchError(() => parseOpenAICompletion({ choices: [{}] })).details.field).toBe('choices[0].message');
    expect(catchError(() => parseOpenAICompletion({ choices: [{ message: { content: 5 } }] })).details.field).toBe('choices[0].message.content');
  });

  it('turns an error inside a 200 body into the mapped error', () => {
    const error = catchError(() => parseOpenAICompletion({ error: { message: 'Rate limited upstream', code: 429 } }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, details: { inBand: true } });
    expect(error.message).toContain('Rate limited upstream');
  });
});

describe('OpenAI chat completions: stream decoding', () => {
  it('collects deltas, the finish reason and the usage chunk', () => {
    const d = openAIChatProtocol.createStreamDecoder(REQ);
    expect(d.push(ev('{"id":"c1","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}'))).toEqual([]);
    expect(d.push(ev('{"choices":[{"index":0,"delta":{"content":"Hel"}}]}'))).toEqual([text('Hel')]);
    expect(d.push(ev('{"choices":[{"index":1,"delta":{"content":"other choice"}}]}'))).toEqual([]);
    expect(d.push(ev('{"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}'))).toEqual([text('lo')]);
    d.push(ev('{"choices":[],"usage":{"prompt_tokens":2,"completion_tokens":2,"total_tokens":4}}'));
    d.push(ev('[DONE]'));
    expect(d.done).toBe(true);
    expect(d.push(ev('{"ignored":true}'))).toEqual([]);
    expect(d.finish()).toEqual({ id: 'c1', model: 'm', content: 'Hello', finishReason: 'stop', rawFinishReason: 'stop', usage: { inputTokens: 2, outputTokens: 2, totalTokens: 4 }, usageReported: true });
  });

  it('accepts a stream that ends after a finish_reason without [DONE], and reports missing usage', () => {
    const d = openAIChatProtocol.createStreamDecoder(REQ);
    d.push(ev('{"choices":[{"delta":{"content":"x"},"finish_reason":"length"}]}'));
    expect(d.finish()).toMatchObject({ content: 'x', finishReason: 'length', usageReported: false, usage: { totalTokens: 0 } });
  });

  it('rejects malformed and truncated streams, naming the problem', () => {
    expect(catchError(() => openAIChatProtocol.createStreamDecoder(REQ).push(ev('{"id": broken'))).message).toMatch(/chunk 1 is not valid JSON/);
    expect(catchError(() => openAIChatProtocol.createStreamDecoder(REQ).push(ev('42'))).message).toMatch(/not a JSON object/);
    expect(catchError(() => openAIChatProtocol.createStreamDecoder(REQ).push(ev('{"id":"x"}'))).details.field).toBe('choices');
    expect(catchError(() => openAIChatProtocol.createStreamDecoder(REQ).push(ev('{"choices":[7]}'))).code).toBe('MALFORMED_RESPONSE');
    expect(catchError(() => openAIChatProtocol.createStreamDecoder(REQ).push(ev('{"choices":[{"delta":"x"}]}'))).details.field).toBe('choices[].delta');
    expect(catchError(() => openAIChatProtocol.createStreamDecoder(REQ).push(ev('{"choices":[{"delta":{"content":1}}]}'))).details.field).toBe('choices[].delta.content');
    const truncated = openAIChatProtocol.createStreamDecoder(REQ);
    truncated.push(ev('{"choices":[{"delta":{"content":"half"}}]}'));
    expect(catchError(() => truncated.finish()).message).toMatch(/ended before `\[DONE\]`/);
    expect(catchError(() => openAIChatProtocol.createStreamDecoder(REQ).push(ev('{"error":{"message":"boom"}}')))).toMatchObject({ code: 'UPSTREAM_ERROR' });
  });
});
