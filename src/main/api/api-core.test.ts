import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startRecordingServer } from '../../../test/mocks/mock-http.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared/api';
import type { ChatRequest, ChatResponse, StreamPart } from '../../shared/chat';
import type { SwitchyardConfig } from '../../shared/config';
import type { Router } from '../routing/types';
import { createRedactor } from './redactor';
import { RouterPool } from './router-pool';
import { FakeGateway } from '../../../test/support/fake-gateway';
import { FakeRouter, fakeRouterFactory } from '../../../test/support/fake-router';
import { createTestApp, TEST_KEY, type TestApp } from '../../../test/support/test-app';
import { until } from '../../../test/support/until';

describe('API core', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('has the user message on disk before the request reaches the router', async () => {
    let onDiskAtSend: Conversation[] = [];
    const fake = fakeRouterFactory();
    app = await createTestApp({
      routerFactory: (config: SwitchyardConfig) => {
        const inner = fake.factory(config);
        const spy: Router = {
          mode: inner.mode,
          route: async (request: ChatRequest): Promise<ChatResponse> => {
            const dir = join(app!.dir, 'history');
            const ids = app!.core.services.history.list().map((s) => s.id);
            onDiskAtSend = await Promise.all(ids.map(async (id) => JSON.parse(await readFile(join(dir, `${id}.json`), 'utf8')) as Conversation));
            return inner.route(request);
          },
          stream: (request, options) => inner.stream(request, options),
          close: () => inner.close(),
        };
        return spy;
      },
    });
    await app.core.invoke('chat.send', { request: { messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'saved first' }] } });
    expect(onDiskAtSend).toHaveLength(1);
    expect(onDiskAtSend[0]!.messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'saved first', 'complete'],
      ['assistant', '', 'pending'],
    ]);
    expect(onDiskAtSend[0]!.settings.system).toBe('be brief');
  });

  it('regenerate does not store the same user message twice', async () => {
    app = await createTestApp();
    const first = (await app.core.invoke('chat.send', { request: { messages: [{ role: 'user', content: 'again please' }] } })) as {
      conversationId: string;
      messageId: string;
    };
    await app.core.invoke('chat.send', {
      conversationId: first.conversationId,
      replaceFromMessageId: first.messageId,
      request: { messages: [{ role: 'user', content: 'again please' }] },
    });
    const conversation = (await app.core.invoke('history.get', { id: first.conversationId })) as Conversation;
    expect(conversation.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('a failed request leaves the user message and an error on the assistant message', async () => {
    app = await createTestApp();
    await expect(app.core.invoke('chat.send', { request: { messages: [{ role: 'user', content: 'please fail' }] } })).rejects.toMatchObject({
      code: 'UPSTREAM_ERROR',
    });
    const [summary] = app.core.services.history.list();
    const conversation = app.core.services.history.get(summary!.id);
    expect(conversation.messages[1]).toMatchObject({ status: 'error', error: { code: 'UPSTREAM_ERROR' } });
  });

  it('a stream that stops without finish is recorded and reported as an error', async () => {
    app = await createTestApp({
      routerFactory: (config) =>
        Object.assign(new FakeRouter(config, fakeRouterFactory().log), {
          async *stream(): AsyncIterable<StreamPart> {
            yield { type: 'start', provider: 'openai', model: 'm', mode: 'direct' };
            yield { type: 'text-delta', text: 'half' };
          },
        }),
    });
    const parts: StreamPart[] = [];
    await app.core.streamChat({ request: { messages: [{ role: 'user', content: 'x' }] } }, (p) => parts.push(p), new AbortController().signal);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'MALFORMED_RESPONSE' } });
    const conversation = app.core.services.history.get(app.core.services.history.list()[0]!.id);
    expect(conversation.messages[1]).toMatchObject({ status: 'error', content: 'half' });
  });

  it('unknown methods and oversized arguments are VALIDATION_FAILED', async () => {
    app = await createTestApp();
    await expect(app.core.invoke('router.explode', {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'method' } });
    await expect(app.core.invoke('__proto__', {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(app.core.invoke('settings.validate', { config: cyclic })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('reloads routers when a key is set, so the next request uses it', async () => {
    app = await createTestApp();
    await app.core.invoke('chat.send', { request: { messages: [{ role: 'user', content: 'hi' }] }, ephemeral: true });
    await app.core.invoke('secrets.set', { name: 'anthropic', value: 'sk-ant-new-key-000011112222' });
    await until(() => app!.routers.closed.length === 1);
    expect(app.routers.created).toEqual(['direct', 'direct']);
    const state = (await app.core.invoke('router.state', undefined)) as { providers: { name: string; hasKey: boolean }[] };
    expect(state.providers.find((p) => p.name === 'anthropic')?.hasKey).toBe(true);
  });

  it('fallback reported by the gateway shows in the router state in embedded mode', async () => {
    app = await createTestApp();
    await app.core.invoke('router.setMode', { mode: 'plano_embedded' });
    app.gateway.set({ fallbackActive: true, fallbackReason: 'gateway unhealthy after 3 restarts' });
    const state = (await app.core.invoke('router.state', undefined)) as { servedBy: string; fallbackActive: boolean; fallbackReason: string };
    expect(state).toMatchObject({ servedBy: 'direct', fallbackActive: true, fallbackReason: 'gateway unhealthy after 3 restarts' });
  });

  it('lists embedded-mode models by Switchyard provider and own id, with their Plano names, marking what the gateway lists', async () => {
    const gateway = await startRecordingServer({
      handle: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'switchyard-openai/gpt-4o-mini', object: 'model', created: 0, owned_by: 'openai' }] }));
      },
    });
    try {
      app = await createTestApp();
      await app.core.invoke('router.setMode', { mode: 'plano_embedded' });
      app.gateway.set({ phase: 'ready', port: gateway.port });
      expect(await app.core.invoke('router.listModels', undefined)).toEqual([
        { id: 'gpt-4o-mini', provider: 'openai', source: 'gateway', planoModel: 'switchyard-openai/gpt-4o-mini' },
        { id: 'gpt-4o', provider: 'openai', source: 'config', planoModel: 'switchyard-openai/gpt-4o' },
        { id: 'claude-sonnet-4-0', provider: 'anthropic', source: 'config', planoModel: 'anthropic/claude-sonnet-4-0' },
      ]);
    } finally {
      await gateway.close();
    }
  });

  it('scrubs keys from events too', async () => {
    app = await createTestApp();
    const seen: string[] = [];
    app.core.subscribe((e) => seen.push(JSON.stringify(e)));
    app.gateway.set({ lastError: { code: 'X', message: `container env OPENAI_API_KEY=${TEST_KEY}` } });
    expect(seen.join('')).toContain('[REDACTED]');
    expect(seen.join('')).not.toContain(TEST_KEY);
  });
});

describe('RouterPool', () => {
  const config = { routing: { mode: 'direct' }, providers: {} } as unknown as SwitchyardConfig;

  it('keeps a router alive only while leased, and a swapped-out router until its last request ends', async () => {
    const fake = fakeRouterFactory();
    const pool = new RouterPool(fake.factory, () => config, new FakeGateway().target);
    const pinned = await pool.acquire('direct');
    const compare = await pool.acquire('plano_proxy');
    const compare2 = await pool.acquire('plano_proxy');
    expect(fake.log.created).toEqual(['direct', 'plano_proxy']);
    compare.release();
    compare.release(); // idempotent
    expect(fake.log.closed).toEqual([]);
    compare2.release();
    await until(() => fake.log.closed.includes('plano_proxy'));

    const inFlight = await pool.acquire('direct');
    pool.invalidate();
    pinned.release();
    expect(fake.log.closed).not.toContain('direct');
    const fresh = await pool.acquire('direct');
    expect(fake.log.created).toEqual(['direct', 'plano_proxy', 'direct']);
    inFlight.release();
    await until(() => fake.log.closed.includes('direct'));
    fresh.release();
    await pool.closeAll();
    expect(pool.openCount).toBe(0);
  });
});

describe('redactor', () => {
  it('replaces every known key in nested strings and keys, longest first', () => {
    const redact = createRedactor(() => ['sk-abcdef', 'sk-abcdef-longer', 'abc']);
    expect(redact({ a: ['x sk-abcdef-longer y', { 'sk-abcdef': 'sk-abcdef' }], n: 1, b: null })).toEqual({
      a: ['x [REDACTED] y', { '[REDACTED]': '[REDACTED]' }],
      n: 1,
      b: null,
    });
    expect(redact('abc is too short to be treated as a key')).toBe('abc is too short to be treated as a key');
  });
});
