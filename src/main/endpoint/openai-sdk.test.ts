import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gate } from '../../../test/mocks/mock-http.mjs';
import { until } from '../../../test/support/until';
import { PROVIDER_KEYS, giveUpWhileHeld, startEndpointHarness, type EndpointHarness } from '../../../test/support/endpoint-harness';
import { scanningFetch } from '../../../test/support/key-scan';

/**
 * The official OpenAI SDK, unchanged but for its base URL and key, against the local endpoint in Direct mode:
 * chat, streams with usage, tools, images, JSON output, its error classes and retry headers, aborts, models.
 */

let h: EndpointHarness;
let client: OpenAI;
const scan = scanningFetch();

beforeAll(async () => {
  h = await startEndpointHarness();
  client = new OpenAI({ baseURL: h.baseUrl, apiKey: h.key, maxRetries: 0, fetch: scan.fetch });
});
afterAll(async () => {
  await scan.assertNoProviderKeys();
  expect(scan.count()).toBeGreaterThan(10);
  await h.close();
});
beforeEach(() => {
  h.openai.behave(null);
  h.anthropic.behave(null);
});

const weather = {
  type: 'function' as const,
  function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('chat', () => {
  it('answers with the model that served it as provider/model, and the usage', async () => {
    const reply = await client.chat.completions.create({ model: 'openai/gpt-4o-mock', messages: [{ role: 'user', content: 'hello there' }] });
    expect(reply.choices[0]!.message.content).toBe('hello there');
    expect(reply.model).toBe('openai/gpt-4o-mock');
    expect(reply.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 });
    expect(h.openai.requests.at(-1)!.body).toMatchObject({ model: 'gpt-4o-mock', messages: [{ role: 'user', content: 'hello there' }] });
  });

  it('reads aliases and bare model ids, and reaches an Anthropic provider in OpenAI terms', async () => {
    h.openai.behave({ model: 'gpt-4o-mini-2024-07-18' });
    const viaAlias = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'quick' }] });
    expect(viaAlias.model).toBe('openai/gpt-4o-mini-2024-07-18');
    // max_tokens is deprecated for OpenAI's own models, but it is what OpenAI-compatible clients still send.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const claude = await client.chat.completions.create({ model: 'claude-mock', max_tokens: 50, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi claude' }] });
    expect(claude.model).toBe('claude/claude-mock');
    expect(claude.choices[0]!.message.content).toBe('hi claude');
    expect(h.anthropic.requests.at(-1)!.body).toMatchObject({ system: 'Be brief.', max_tokens: 50 });
  });

  it('streams chunks the SDK assembles, with a usage chunk when asked for', async () => {
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o-mock',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'one two three four' }],
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('one two three four');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 4 } });
    expect(new Set(chunks.map((c) => c.model))).toEqual(new Set(['openai/gpt-4o-mock']));

    const quiet = await client.chat.completions.create({ model: 'openai/gpt-4o-mock', stream: true, messages: [{ role: 'user', content: 'no usage' }] });
    const quietChunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of quiet) quietChunks.push(chunk);
    expect(quietChunks.some((c) => c.usage)).toBe(false);
  });

  it("runs a tool conversation with the SDK's stream helper: call, result, final answer", async () => {
    h.openai.behave([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Oslo' } }], toolChunks: 3 }, {}]);
    const first = await client.chat.completions.stream({ model: 'openai/gpt-4o-mock', tools: [weather], messages: [{ role: 'user', content: 'Weather in Oslo?' }] }).finalChatCompletion();
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(call).toMatchObject({ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } });
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    const final = await client.chat.completions.create({
      model: 'openai/gpt-4o-mock',
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: 'call_1', content: 'rain, 7 °C' },
      ],
    });
    expect(final.choices[0]!.message.content).toContain('rain, 7 °C');
    expect(h.openai.requests.at(-1)!.body.messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_1', function: { name: 'weather' } }] });
  });

  it('takes tool calls from an Anthropic provider as OpenAI tool calls', async () => {
    h.anthropic.behave([{ toolUses: [{ id: 'toolu_1', name: 'weather', input: { city: 'Bergen' } }] }]);
    const reply = await client.chat.completions.create({ model: 'claude/claude-mock', tools: [weather], tool_choice: 'required', messages: [{ role: 'user', content: 'Weather?' }] });
    expect(reply.choices[0]!.message.tool_calls).toEqual([{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Bergen"}' } }]);
    expect(h.anthropic.requests.at(-1)!.body.tool_choice).toEqual({ type: 'any' });
  });

  it('passes images on (data and https URLs) and JSON output', async () => {
    await client.chat.completions.create({
      model: 'claude/claude-mock',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: PNG } }, { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } }] }],
    });
    expect(h.anthropic.requests.at(-1)!.body.messages[0].content.slice(1)).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const json = await client.chat.completions.create({
      model: 'openai/gpt-4o-mock',
      response_format: { type: 'json_schema', json_schema: { name: 'place', schema } },
      messages: [{ role: 'user', content: 'Name a city as JSON' }],
    });
    expect(JSON.parse(json.choices[0]!.message.content!)).toHaveProperty('city');
    expect(h.openai.requests.at(-1)!.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'place', schema } });
  });

  it('passes parameters it has no field for to the provider', async () => {
    await client.chat.completions.create({ model: 'openai/gpt-4o-mock', logprobs: true, top_logprobs: 2, messages: [{ role: 'user', content: 'x' }] });
    expect(h.openai.requests.at(-1)!.body).toMatchObject({ logprobs: true, top_logprobs: 2 });
  });
});

describe('errors, in OpenAI error classes', () => {
  it('401 for a wrong or missing local key', async () => {
    const before = h.openai.requests.length;
    const wrong = new OpenAI({ baseURL: h.baseUrl, apiKey: 'sk-not-the-local-key', maxRetries: 0, fetch: scan.fetch });
    const error = await wrong.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    const missing = await fetch(`${h.baseUrl}/models`).then((r) => r.status);
    expect(missing).toBe(401);
    expect(h.openai.requests.length).toBe(before);
  });

  it('400 naming the invalid field in OpenAI terms', async () => {
    const hot = await client.chat.completions.create({ model: 'fast', temperature: 7, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(hot).toBeInstanceOf(OpenAI.BadRequestError);
    expect(hot).toMatchObject({ status: 400, param: 'temperature' });
    const tool = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'nope', content: 'y' }] })
      .catch((e: unknown) => e);
    expect(tool).toMatchObject({ status: 400, param: 'messages[1].tool_call_id' });
    const audio = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] })
      .catch((e: unknown) => e);
    expect(audio).toMatchObject({ status: 400, param: 'messages[0].content[0].type' });
  });

  it('404 model_not_found for a model Switchyard does not know', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-99', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ code: 'model_not_found' });
    expect(String((error as Error).message)).toContain('endpoint.aliases');
  });

  it("429 with the provider's Retry-After passed on; the SDK waits for it and retries", async () => {
    h.openai.behave({ status: 429, retryAfter: 120 });
    const limited = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('120');

    h.openai.behave([{ status: 429, retryAfter: 0 }, {}]);
    const before = h.openai.requests.length;
    const retrying = new OpenAI({ baseURL: h.baseUrl, apiKey: h.key, maxRetries: 1, fetch: scan.fetch });
    const reply = await retrying.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'again' }] });
    expect(reply.choices[0]!.message.content).toBe('again');
    expect(h.openai.requests.length - before).toBe(2);
  });

  it("a provider refusing Switchyard's key is a 502 the SDK does not retry, with the key scrubbed", async () => {
    h.openai.behave({ status: 401, errorMessage: `Incorrect API key provided: ${PROVIDER_KEYS.openai}` });
    const before = h.openai.requests.length;
    const retrying = new OpenAI({ baseURL: h.baseUrl, apiKey: h.key, maxRetries: 2, fetch: scan.fetch });
    const error = await retrying.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502 });
    expect(String((error as Error).message)).toContain('[REDACTED]');
    expect(h.openai.requests.length - before).toBe(1);
  });

  it('a failure mid-stream reaches the SDK as an error', async () => {
    h.openai.behave({ reply: 'one two three', chunks: 3, malformedChunkAt: 1 });
    const stream = await client.chat.completions.create({ model: 'fast', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(seen.join('').length).toBeGreaterThan(0);
    expect('one two three'.startsWith(seen.join(''))).toBe(true);
    expect(seen.join('')).not.toBe('one two three');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toMatch(/Malformed response/);
  });
});

it('a client that goes away mid-stream cancels the upstream request, and the log says so', async () => {
  const hold = gate();
  h.openai.behave({ reply: 'a b c d', chunks: 4, holdAfterChunks: 1, release: hold.released });
  const controller = new AbortController();
  const stream = await client.chat.completions.create({ model: 'fast', stream: true, messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal });
  const upstream = h.openai.requests.at(-1)!;
  for await (const chunk of stream) {
    expect(chunk.choices[0]!.delta.content).toBe('a ');
    controller.abort();
  }
  expect(await upstream.ended).toBe('aborted');
  hold.release();
  await until(() => h.traffic().at(-1)?.status === 'cancelled');
});

it('a client that gives up on a chat (no stream) cancels the upstream request, and the log says so', async () => {
  const { reply, upstream, entry } = await giveUpWhileHeld(h, h.openai, (signal) => client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] }, { signal }));
  expect(reply).toBeInstanceOf(OpenAI.APIUserAbortError);
  expect(upstream).toBe('aborted');
  expect(entry).toMatchObject({ stream: false, client: { api: 'openai', path: '/v1/chat/completions' } });
  expect(entry.trace!.attempts.at(-1)!.errorCode).toBe('CANCELLED');
});

it('lists every pickable model as provider/model, and the aliases', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  expect(ids).toEqual(['openai/gpt-4o-mock', 'openai/gpt-4o-mini', 'claude/claude-mock', 'fast', 'claude-haiku']);
  expect(await client.models.retrieve('fast')).toMatchObject({ id: 'fast', owned_by: 'switchyard' });
});

it('logs every request in the Traffic log with its client and trace', async () => {
  const entries = h.traffic();
  expect(entries.length).toBeGreaterThan(10);
  expect(entries.every((e) => e.source === 'endpoint' && e.client?.userAgent?.startsWith('OpenAI/JS'))).toBe(true);
  const ok = entries.find((e) => e.status === 'ok' && e.stream)!;
  expect(ok.trace?.attempts[0]).toMatchObject({ target: 'openai', via: 'direct', status: 200 });
  expect(ok.httpStatus).toBe(200);
  const limited = entries.find((e) => e.httpStatus === 429)!;
  expect(limited.error?.code).toBe('RATE_LIMITED');
  const detail = h.core.services.traffic.get(ok.id);
  expect(detail.requestBody).toMatchObject({ stream: true });
  expect(detail.responseBody).toMatchObject({ object: 'chat.completion' });
});
