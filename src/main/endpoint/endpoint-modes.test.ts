import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RoutingMode } from '../../shared/chat';
import { ensureTestEngine } from '../../../test/engine/test-engine';
import { until } from '../../../test/support/until';
import { giveUpWhileHeld, startEndpointHarness, type EndpointHarness } from '../../../test/support/endpoint-harness';
import { scanningFetch } from '../../../test/support/key-scan';

/**
 * Unchanged client programs — the official OpenAI and Anthropic SDKs and the Vercel AI SDK (through its
 * OpenAI and Anthropic providers) — against the endpoint in every routing mode: Direct, the Plano proxy
 * (the Plano stand-in) and embedded (the stand-in image on the real container engine). Each request's
 * route trace says the mode served it. The OpenAI-style provider is the one behind the gateway.
 */

const engine = await ensureTestEngine();
const MODES: RoutingMode[] = ['direct', 'plano_proxy', 'plano_embedded'];
const MODEL = 'openai/gpt-4o-mock';

describe.each(MODES)('in %s mode', (mode) => {
  const skip = mode === 'plano_embedded' && !engine.available;
  let h: EndpointHarness;
  const scan = scanningFetch();
  let openai: OpenAI;
  let anthropic: Anthropic;
  let vercelOpenAI: ReturnType<typeof createOpenAI>;
  let vercelAnthropic: ReturnType<typeof createAnthropic>;

  beforeAll(async () => {
    if (skip) return;
    h = await startEndpointHarness({ mode, ...(engine.endpoint ? { engineEndpoint: engine.endpoint } : {}) });
    if (mode === 'plano_embedded') await until(async () => (await h.core.services.gateway.status()).phase === 'ready', 60_000);
    openai = new OpenAI({ baseURL: h.baseUrl, apiKey: h.key, maxRetries: 0, fetch: scan.fetch });
    anthropic = new Anthropic({ baseURL: h.origin, apiKey: h.key, maxRetries: 0, fetch: scan.fetch });
    vercelOpenAI = createOpenAI({ baseURL: h.baseUrl, apiKey: h.key, fetch: scan.fetch });
    vercelAnthropic = createAnthropic({ baseURL: `${h.origin}/v1`, apiKey: h.key, fetch: scan.fetch });
  }, 90_000);
  afterAll(async () => {
    if (skip) return;
    await scan.assertNoProviderKeys();
    await h.close();
  }, 30_000);
  beforeEach(() => {
    if (!skip) h.openai.behave(null);
  });

  /** The last logged request was served by this mode (the trace's last attempt went through it). */
  const servedHere = (): void => {
    const entry = h.traffic().at(-1)!;
    expect(entry).toMatchObject({ source: 'endpoint', status: 'ok', mode });
    expect(entry.trace!.servedBy).toBe(mode);
    expect(entry.trace!.attempts.at(-1)!.via).toBe(mode);
  };

  it.skipIf(skip)('OpenAI SDK: chat and stream', async () => {
    const reply = await openai.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hello gateway' }] });
    expect(reply).toMatchObject({ model: expect.stringMatching(/^openai\//), choices: [{ message: { content: 'hello gateway' } }] });
    servedHere();
    const stream = await openai.chat.completions.create({ model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'streamed hello' }] });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('streamed hello');
    expect(usage?.completion_tokens).toBe(2);
    servedHere();
  });

  it.skipIf(skip)('Anthropic SDK: message and stream, with a tool call', async () => {
    const reply = await anthropic.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hello anthropic' }] });
    expect(reply.content).toEqual([{ type: 'text', text: 'hello anthropic' }]);
    servedHere();
    h.openai.behave([{ toolCalls: [{ id: 'call_9', name: 'weather', arguments: { city: 'Oslo' } }] }]);
    const final = await anthropic.messages
      .stream({
        model: MODEL,
        max_tokens: 64,
        tools: [{ name: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
        messages: [{ role: 'user', content: 'Weather?' }],
      })
      .finalMessage();
    expect(final.content).toEqual([{ type: 'tool_use', id: 'call_9', name: 'weather', input: { city: 'Oslo' } }]);
    servedHere();
  });

  it.skipIf(skip)('OpenAI SDK: a chat (no stream) the client gives up on is cancelled all the way to the provider', async () => {
    // A gateway in between passes the close on to the provider.
    const { reply, upstream, entry } = await giveUpWhileHeld(h, h.openai, (signal) => openai.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { signal }));
    expect(reply).toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(upstream).toBe('aborted');
    expect(entry).toMatchObject({ mode, stream: false });
    // Cancelled, not timed out: the try that was in flight ended because the client left.
    expect(entry.trace!.attempts.at(-1)!.errorCode).toBe('CANCELLED');
  });

  it.skipIf(skip)('Vercel AI SDK (OpenAI provider): generateText with a tool loop, and streamText', async () => {
    h.openai.behave([{ toolCalls: [{ id: 'call_v', name: 'weather', arguments: { city: 'Oslo' } }] }, {}]);
    const result = await generateText({
      model: vercelOpenAI.chat(MODEL),
      prompt: 'Weather in Oslo?',
      tools: {
        weather: tool({
          description: 'Weather by city',
          inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
          execute: async ({ city }) => `sunny in ${city}`,
        }),
      },
      stopWhen: stepCountIs(2),
    });
    expect(result.steps[0]!.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'Oslo' } });
    expect(result.text).toContain('sunny in Oslo');
    servedHere();
    const streamed = streamText({ model: vercelOpenAI.chat(MODEL), prompt: 'vercel stream' });
    expect(await streamed.text).toBe('vercel stream');
    expect((await streamed.usage).outputTokens).toBe(2);
    servedHere();
  });

  it.skipIf(skip)('Vercel AI SDK (Anthropic provider): generateText and streamText', async () => {
    // Anthropic's API requires max_tokens; for a model it does not know the SDK warns unless it is given.
    const result = await generateText({ model: vercelAnthropic(MODEL), maxOutputTokens: 64, prompt: 'anthropic provider' });
    expect(result.text).toBe('anthropic provider');
    servedHere();
    const streamed = streamText({ model: vercelAnthropic(MODEL), maxOutputTokens: 64, prompt: 'anthropic provider stream' });
    expect(await streamed.text).toBe('anthropic provider stream');
    servedHere();
  });
});
