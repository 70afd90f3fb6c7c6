import { afterEach, describe, expect, it } from 'vitest';
import { startAnthropicMock, type AnthropicMock } from './anthropic-mock.mjs';
import { jsonOf, parseSseText, postJson } from './naive-sse';

let mock: AnthropicMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const headers = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' };
const hello = { model: 'claude-mock', max_tokens: 100, system: 'be brief', messages: [{ role: 'user', content: 'hi there' }] };

describe('Anthropic mock', () => {
  it('answers a message with content blocks and usage', async () => {
    mock = await startAnthropicMock({ apiKey: 'sk-ant-test' });
    const res = await postJson(`${mock.url}/v1/messages`, hello, headers);
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'hi there' }], stop_reason: 'end_turn' });
    expect(body.usage).toMatchObject({ input_tokens: 4, output_tokens: 2 });
  });

  it('streams the real event sequence including ping', async () => {
    mock = await startAnthropicMock();
    const res = await postJson(`${mock.url}/v1/messages`, { ...hello, stream: true }, headers);
    const events = parseSseText(await res.text());
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('message_start');
    expect(names.slice(1, 3)).toEqual(['content_block_start', 'ping']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    for (const e of events) expect(JSON.parse(e.data).type).toBe(e.event);
    const text = events
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => JSON.parse(e.data).delta.text)
      .join('');
    expect(text).toBe('hi there');
    const delta = JSON.parse(events.find((e) => e.event === 'message_delta')!.data);
    expect(delta.usage.output_tokens).toBe(2);
  });

  it('sends a mid-stream error event', async () => {
    mock = await startAnthropicMock();
    mock.behave({ errorAfterChunks: 1 });
    const res = await postJson(`${mock.url}/v1/messages`, { ...hello, stream: true }, headers);
    const events = parseSseText(await res.text());
    expect(events.at(-1)?.event).toBe('error');
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('rejects what the real API rejects, in its error shape', async () => {
    mock = await startAnthropicMock({ apiKey: 'sk-ant-test' });
    const badKey = await postJson(`${mock.url}/v1/messages`, hello, { ...headers, 'x-api-key': 'wrong' });
    expect(badKey.status).toBe(401);
    expect(await jsonOf(badKey)).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const noVersion = await postJson(`${mock.url}/v1/messages`, hello, { 'x-api-key': 'sk-ant-test' });
    expect(noVersion.status).toBe(400);
    const noMax = await postJson(`${mock.url}/v1/messages`, { ...hello, max_tokens: undefined }, headers);
    expect((await jsonOf(noMax)).error.message).toMatch(/max_tokens/);
    const systemRole = await postJson(`${mock.url}/v1/messages`, { ...hello, messages: [{ role: 'system', content: 'x' }] }, headers);
    expect((await jsonOf(systemRole)).error.message).toMatch(/top-level `system`/);
  });

  it('scripts statuses with the matching error types', async () => {
    mock = await startAnthropicMock();
    mock.behave([{ status: 529 }, { status: 429, retryAfter: 1 }]);
    const overloaded = await postJson(`${mock.url}/v1/messages`, hello, headers);
    expect(overloaded.status).toBe(529);
    expect((await jsonOf(overloaded)).error.type).toBe('overloaded_error');
    const limited = await postJson(`${mock.url}/v1/messages`, hello, headers);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await jsonOf(limited)).error.type).toBe('rate_limit_error');
  });
});
