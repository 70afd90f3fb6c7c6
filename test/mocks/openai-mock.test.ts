import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAIMock, type OpenAIMock } from './openai-mock.mjs';
import { jsonOf, parseSseText, postJson } from './naive-sse';

let mock: OpenAIMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const hello = { model: 'gpt-4o-mock', messages: [{ role: 'user', content: 'hello there world' }] };

describe('OpenAI mock', () => {
  it('answers a chat.completion with usage, echoing the last user message', async () => {
    mock = await startOpenAIMock();
    const res = await postJson(`${mock.url}/chat/completions`, hello);
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0].message).toMatchObject({ role: 'assistant', content: 'hello there world' });
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(body.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 3, total_tokens: 6, prompt_tokens_details: { cached_tokens: 0 } });
    expect(mock.requests[0]?.body).toMatchObject(hello);
  });

  it('streams chunks, a usage chunk with empty choices, then [DONE]', async () => {
    mock = await startOpenAIMock();
    const res = await postJson(`${mock.url}/chat/completions`, { ...hello, stream: true, stream_options: { include_usage: true } });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSseText(await res.text());
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    const text = chunks.flatMap((c) => c.choices).map((c) => c.delta?.content ?? '').join('');
    expect(text).toBe('hello there world');
    const usageChunk = chunks.at(-1);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage.total_tokens).toBe(6);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
  });

  it('uses CRLF, comments and multi-line data when asked, and still parses', async () => {
    mock = await startOpenAIMock();
    mock.behave({ lineEnding: '\r\n', comments: true, multiLineData: true, splitBytes: 3, reply: 'héllo ✓' });
    const res = await postJson(`${mock.url}/chat/completions`, { ...hello, stream: true });
    const raw = await res.text();
    expect(raw).toContain('\r\n');
    expect(raw).toContain(': keep-alive');
    const events = parseSseText(raw);
    const text = events
      .filter((e) => e.data !== '[DONE]')
      .map((e) => JSON.parse(e.data).choices[0]?.delta?.content ?? '')
      .join('');
    expect(text).toBe('héllo ✓');
  });

  it('follows a status script and sends OpenAI error bodies with Retry-After', async () => {
    mock = await startOpenAIMock();
    mock.behave([{ status: 503 }, { status: 429, retryAfter: 2 }]);
    const first = await postJson(`${mock.url}/chat/completions`, hello);
    expect(first.status).toBe(503);
    expect((await jsonOf(first)).error).toMatchObject({ type: 'server_error', param: null, code: null });
    const second = await postJson(`${mock.url}/chat/completions`, hello);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2');
    expect((await jsonOf(second)).error.code).toBe('rate_limit_exceeded');
    const third = await postJson(`${mock.url}/chat/completions`, hello);
    expect(third.status).toBe(200);
  });

  it('checks the API key and the request shape like the real API', async () => {
    mock = await startOpenAIMock({ apiKey: 'sk-test' });
    const noKey = await postJson(`${mock.url}/chat/completions`, hello);
    expect(noKey.status).toBe(401);
    const wrongKey = await postJson(`${mock.url}/chat/completions`, hello, { authorization: 'Bearer nope' });
    expect((await jsonOf(wrongKey)).error.code).toBe('invalid_api_key');
    const noMessages = await postJson(`${mock.url}/chat/completions`, { model: 'x' }, { authorization: 'Bearer sk-test' });
    expect(noMessages.status).toBe(400);
    expect((await jsonOf(noMessages)).error.param).toBe('messages');
    const unknownPath = await fetch(`${mock.url}/nope`);
    expect(unknownPath.status).toBe(404);
  });

  it('drops the connection mid-stream and records the outcome', async () => {
    mock = await startOpenAIMock();
    mock.behave({ dropAfterChunks: 1 });
    const res = await postJson(`${mock.url}/chat/completions`, { ...hello, stream: true });
    await expect(res.text()).rejects.toThrow();
    expect(await mock.requests[0]?.ended).toBe('aborted');
  });

  it('counts distinct connections', async () => {
    mock = await startOpenAIMock();
    const { Agent, request } = await import('undici');
    const agent = new Agent({ connections: 1 });
    for (let i = 0; i < 3; i++) {
      const res = await request(`${mock.url}/chat/completions`, { method: 'POST', body: JSON.stringify(hello), dispatcher: agent });
      await res.body.text();
    }
    expect(mock.connectionCount()).toBe(1);
    await agent.close();
  });
});
