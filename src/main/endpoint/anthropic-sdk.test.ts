import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gate } from '../../../test/mocks/mock-http.mjs';
import { until } from '../../../test/support/until';
import { giveUpWhileHeld, startEndpointHarness, type EndpointHarness } from '../../../test/support/endpoint-harness';
import { scanningFetch } from '../../../test/support/key-scan';

/**
 * The official Anthropic SDK, unchanged but for its base URL and key, against the local endpoint in Direct
 * mode — served by an Anthropic-style provider and by an OpenAI-style one (the endpoint speaks Messages
 * whatever the provider speaks).
 */

let h: EndpointHarness;
let client: Anthropic;
const scan = scanningFetch();

beforeAll(async () => {
  h = await startEndpointHarness();
  client = new Anthropic({ baseURL: h.origin, apiKey: h.key, maxRetries: 0, fetch: scan.fetch });
});
afterAll(async () => {
  await scan.assertNoProviderKeys();
  await h.close();
});
beforeEach(() => {
  h.openai.behave(null);
  h.anthropic.behave(null);
});

const weather: Anthropic.Tool = { name: 'weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const MODELS = { anthropic: 'claude/claude-mock', openai: 'openai/gpt-4o-mock' } as const;

describe.each(Object.entries(MODELS))('served by the %s-style provider', (_style, model) => {
  it('answers a message with its usage and the model that served it', async () => {
    const reply = await client.messages.create({ model, max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user', content: 'hello there' }] });
    expect(reply).toMatchObject({ type: 'message', role: 'assistant', model, stop_reason: 'end_turn', content: [{ type: 'text', text: 'hello there' }] });
    expect(reply.usage.output_tokens).toBe(2);
  });

  it("streams events the SDK's MessageStream assembles", async () => {
    const stream = client.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'one two three' }] });
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const final = await stream.finalMessage();
    expect(texts.join('')).toBe('one two three');
    expect(final).toMatchObject({ model, stop_reason: 'end_turn', content: [{ type: 'text', text: 'one two three' }] });
    expect(final.usage.input_tokens).toBeGreaterThan(0);
  });

  it('runs a tool conversation: tool_use streamed as input_json_delta, tool_result, final answer', async () => {
    if (model === MODELS.anthropic) h.anthropic.behave([{ toolUses: [{ id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } }] }, {}]);
    else h.openai.behave([{ toolCalls: [{ id: 'toolu_1', name: 'weather', arguments: { city: 'Oslo' } }], toolChunks: 3 }, {}]);
    const stream = client.messages.stream({ model, max_tokens: 256, tools: [weather], messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
    const pieces: string[] = [];
    stream.on('inputJson', (piece) => pieces.push(piece));
    const first = await stream.finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
    expect(use).toMatchObject({ id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } });
    expect(pieces.join('')).toBe('{"city":"Oslo"}');
    const final = await client.messages.create({
      model,
      max_tokens: 256,
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'rain, 7 °C' }] },
      ],
    });
    expect(final.content[0]).toMatchObject({ type: 'text' });
    expect((final.content[0] as Anthropic.TextBlock).text).toContain('rain, 7 °C');
  });

  it('passes an image block on', async () => {
    await client.messages.create({
      model,
      max_tokens: 64,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }, { type: 'text', text: 'What is this?' }] }],
    });
    const sent = (model === MODELS.anthropic ? h.anthropic : h.openai).requests.at(-1)!.body.messages.at(-1).content[0];
    if (model === MODELS.anthropic) expect(sent).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } });
    else expect(sent).toEqual({ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } });
  });
});

describe('errors, in Anthropic error classes', () => {
  it('401 authentication_error for a wrong local key, checked before anything is sent', async () => {
    const wrong = new Anthropic({ baseURL: h.origin, apiKey: 'not-the-key', maxRetries: 0, fetch: scan.fetch });
    const error = await wrong.messages.create({ model: MODELS.anthropic, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('400 invalid_request_error naming the field, as the API words it', async () => {
    const raw = await fetch(`${h.origin}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': h.key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });

  it('429 rate_limit_error with Retry-After, and a 529 overloaded answer the SDK retries', async () => {
    h.anthropic.behave({ status: 429, retryAfter: 120 });
    const limited = await client.messages.create({ model: MODELS.anthropic, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('120');

    h.anthropic.behave([{ status: 529 }, {}]);
    const before = h.anthropic.requests.length;
    const retrying = new Anthropic({ baseURL: h.origin, apiKey: h.key, maxRetries: 1, fetch: scan.fetch });
    const reply = await retrying.messages.create({ model: MODELS.anthropic, max_tokens: 5, messages: [{ role: 'user', content: 'again' }] });
    expect(reply.content).toEqual([{ type: 'text', text: 'again' }]);
    expect(h.anthropic.requests.length - before).toBe(2);
  });

  it("an overloaded_error mid-stream reaches the SDK as Anthropic's error event", async () => {
    h.anthropic.behave({ errorAfterChunks: 1 });
    const stream = client.messages.stream({ model: MODELS.anthropic, max_tokens: 64, messages: [{ role: 'user', content: 'one two three' }] });
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(String((error as Error).message)).toContain('overloaded_error');
  });
});

it('a client that goes away mid-stream cancels the upstream request', async () => {
  const hold = gate();
  h.openai.behave({ reply: 'a b c d', chunks: 4, holdAfterChunks: 1, release: hold.released });
  const stream = client.messages.stream({ model: MODELS.openai, max_tokens: 64, messages: [{ role: 'user', content: 'x' }] });
  const finished = stream.finalMessage().catch((e: unknown) => e);
  await new Promise<void>((resolve) => stream.on('text', () => resolve()));
  const upstream = h.openai.requests.at(-1)!;
  stream.abort();
  expect(await finished).toBeInstanceOf(Anthropic.APIUserAbortError);
  expect(await upstream.ended).toBe('aborted');
  hold.release();
  await until(() => h.traffic().at(-1)?.status === 'cancelled');
  expect(h.traffic().at(-1)?.client).toMatchObject({ api: 'anthropic', path: '/v1/messages' });
});

it('a client that gives up on a message (no stream) cancels the upstream request', async () => {
  const { reply, upstream, entry } = await giveUpWhileHeld(h, h.anthropic, (signal) =>
    client.messages.create({ model: MODELS.anthropic, max_tokens: 64, messages: [{ role: 'user', content: 'x' }] }, { signal }),
  );
  expect(reply).toBeInstanceOf(Anthropic.APIUserAbortError);
  expect(upstream).toBe('aborted');
  expect(entry).toMatchObject({ stream: false, client: { api: 'anthropic', path: '/v1/messages' } });
  expect(entry.trace!.attempts.at(-1)!.errorCode).toBe('CANCELLED');
});

it("lists models in Anthropic's shape when asked with anthropic-version", async () => {
  const ids: string[] = [];
  for await (const model of client.models.list()) ids.push(model.id);
  expect(ids).toContain('claude/claude-mock');
  expect(ids).toContain('claude-haiku');
});
