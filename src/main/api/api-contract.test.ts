import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEventName, SwitchyardBridge } from '../../shared/api';
import type { StreamPart } from '../../shared/chat';
import { SwitchyardError } from '../../shared/errors';
import { startMockUpstream, type MockUpstream } from '../../../test/support/mock-upstream';
import { createTestApp, STORED_KEY, TEST_KEY, type TestApp } from '../../../test/support/test-app';
import { until } from '../../../test/support/until';
import { browserTransport, ipcTransport, type TransportUnderTest } from '../../../test/support/transports';

/**
 * One suite, both transports: whatever the renderer can do over Electron IPC it can do the same way in
 * browser mode, with the same results, the same errors and the same refusals. Chat goes through the real
 * router core to the mock OpenAI server (and the Plano stand-in for proxy mode) on 127.0.0.1. Every
 * payload that comes back (results, errors, stream parts, events) is recorded and scanned for the key at
 * the end of each test.
 */

type Kind = 'ipc' | 'browser';

const cases: { kind: Kind; secrets: 'safeStorage' | 'environment' }[] = [
  { kind: 'ipc', secrets: 'safeStorage' },
  { kind: 'browser', secrets: 'environment' },
];

describe.each(cases)('API contract over $kind', ({ kind, secrets }) => {
  let app: TestApp;
  let upstream: MockUpstream;
  let transport: TransportUnderTest;
  let api: SwitchyardBridge;
  const seen: unknown[] = [];
  const events: { name: ApiEventName; payload: unknown }[] = [];

  beforeEach(async () => {
    seen.length = 0;
    events.length = 0;
    upstream = await startMockUpstream(TEST_KEY);
    app = await createTestApp({ secrets, configYaml: upstream.configYaml, routerFactory: upstream.factory, cooldowns: upstream.cooldowns });
    transport = kind === 'ipc' ? ipcTransport(app.core) : await browserTransport(app.core, join(app.dir, 'no-renderer'));
    api = recording(transport.bridge, seen);
    for (const name of ['router.state', 'gateway.status', 'gateway.event', 'gateway.log', 'history.changed'] as const) {
      api.on(name, (payload) => {
        events.push({ name, payload });
        seen.push(payload);
      });
    }
    await until(() => true); // let the ready signal go out
  });

  afterEach(async () => {
    const everything = JSON.stringify([seen, events]);
    expect(everything).not.toContain(TEST_KEY);
    expect(everything).not.toContain(STORED_KEY);
    await transport.close();
    await app.close();
    await upstream.close();
  });

  it('reports the router state with providers but no keys', async () => {
    const state = await api.router.state();
    expect(state.mode).toBe('direct');
    expect(state.servedBy).toBe('direct');
    expect(state.providers.map((p) => [p.name, p.hasKey])).toEqual([
      ['openai', true],
      ['anthropic', false],
    ]);
  });

  it('switches mode without a restart, records it in the config file and pushes router.state', async () => {
    const before = await api.chat.send({ request: { messages: [{ role: 'user', content: 'before the switch' }] }, ephemeral: true });
    expect(before.response.trace.servedBy).toBe('direct');
    const state = await api.router.setMode({ mode: 'plano_proxy' });
    expect(state.mode).toBe('plano_proxy');
    expect(await readFile(app.configPath, 'utf8')).toMatch(/mode: plano_proxy/);
    await until(() => events.some((e) => e.name === 'router.state' && (e.payload as { mode: string }).mode === 'plano_proxy'));
    // the old router is closed once nothing uses it; the new one serves the next request
    await until(() => upstream.log.closed.includes('direct'));
    const after = await api.chat.send({ request: { messages: [{ role: 'user', content: 'hello there' }] }, ephemeral: true });
    expect(after.response.trace.servedBy).toBe('plano_proxy');
    expect(upstream.plano.requests.filter((r) => r.path.startsWith('/v1/chat/completions'))).toHaveLength(1);
    expect(upstream.log.created.filter((m) => m === 'plano_proxy')).toHaveLength(1);
    // in proxy mode the models are the gateway's
    expect(await api.router.listModels()).toEqual([{ id: 'openai/gpt-4o-mini', provider: 'openai', source: 'gateway' }]);
  });

  it('updates one mode section with validation', async () => {
    await api.router.updateModeSettings({ mode: 'plano_proxy', settings: { base_url: 'http://127.0.0.1:12001', retry_count: 1 } });
    expect(await readFile(app.configPath, 'utf8')).toContain('http://127.0.0.1:12001');
    const before = await readFile(app.configPath);
    const error = await rejection(api.router.updateModeSettings({ mode: 'plano_proxy', settings: { retry_count: 'three' } }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('settings.retry_count');
    expect(await readFile(app.configPath)).toEqual(before);
  });

  it('lists models from the config in direct mode', async () => {
    const models = await api.router.listModels();
    expect(models).toContainEqual({ id: 'gpt-4o', provider: 'openai', source: 'config' });
    expect(models).toContainEqual({ id: 'claude-sonnet-4-0', provider: 'anthropic', source: 'config' });
  });

  it('drives the gateway and forwards its events', async () => {
    expect((await api.gateway.status()).phase).toBe('idle');
    expect((await api.gateway.start()).phase).toBe('ready');
    await until(() => events.some((e) => e.name === 'gateway.status' && (e.payload as { phase: string }).phase === 'ready'));
    await until(() => events.some((e) => e.name === 'gateway.log'));
    expect(await api.gateway.logs({ sinceSeq: 1 })).toEqual([{ seq: 2, at: 2, stream: 'stderr', text: 'brightstaff ready' }]);
    const config = await api.gateway.config();
    expect(config.yaml).toContain('$OPENAI_API_KEY');
    expect(config.routes).toEqual([{ model: 'openai/gpt-4o', upstream: "Plano's own openai endpoint", accessKey: '$OPENAI_API_KEY', default: false }]);
    expect(await api.gateway.inspect()).toBeNull();
    app.gateway.details = { id: 'c1', name: 'switchyard-plano', image: 'katanemo/plano:0.4.36', imageId: 'sha256:1', created: '', state: { status: 'running', running: true }, command: [], networkMode: 'host', ports: [], mounts: [], envNames: ['OPENAI_API_KEY'], labels: {} };
    expect((await api.gateway.inspect())?.envNames).toEqual(['OPENAI_API_KEY']);
    expect((await api.gateway.restart()).restarts).toBe(1);
    expect((await api.gateway.stop()).phase).toBe('stopped');
  });

  it('reads, validates and saves settings; a bad save changes nothing', async () => {
    const view = await api.settings.get();
    expect(view.path).toBe(app.configPath);
    expect(view.problems).toEqual([]);
    expect(view.config.providers.openai?.api_key).toBe('$TEST_OPENAI_KEY');

    const bad = await api.settings.validate({ config: { routing: { mode: 'sideways' } } });
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]?.path).toBe('routing.mode');

    const before = await readFile(app.configPath);
    const error = await rejection(api.settings.save({ config: { providers: { x: { type: 'nope' } } } }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.field).toBe('providers.x.type');
    expect(await readFile(app.configPath)).toEqual(before);

    const next = structuredClone(view.config);
    next.routing.enable_fallback = false;
    const saved = await api.settings.save({ config: next });
    expect(saved.config.routing.enable_fallback).toBe(false);
    expect(await readFile(app.configPath, 'utf8')).toMatch(/enable_fallback: false/);
  });

  it('shows key status masked, and sets keys only where the backend allows it', async () => {
    const status = await api.secrets.status();
    expect(status.backend).toBe(secrets);
    expect(status.secrets.find((s) => s.name === 'openai')).toEqual({ name: 'openai', set: true, last4: 'XYZW', source: 'environment', envVar: 'TEST_OPENAI_KEY', referenced: true });
    if (secrets === 'safeStorage') {
      const after = await api.secrets.set({ name: 'anthropic', value: STORED_KEY });
      expect(after.secrets.find((s) => s.name === 'anthropic')).toEqual({ name: 'anthropic', set: true, last4: 'QRST', source: 'safeStorage' });
      expect((await api.router.state()).providers.find((p) => p.name === 'anthropic')?.hasKey).toBe(true);
      const onDisk = await readFile(join(app.dir, 'secrets.json'), 'utf8');
      expect(onDisk).not.toContain(STORED_KEY);
      const cleared = await api.secrets.clear({ name: 'anthropic' });
      expect(cleared.secrets.find((s) => s.name === 'anthropic')?.set).toBe(false);
    } else {
      const error = await rejection(api.secrets.set({ name: 'anthropic', value: STORED_KEY }));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain('ANTHROPIC_API_KEY');
      expect(error.message).not.toContain(STORED_KEY);
    }
    const unknown = await rejection(api.secrets.set({ name: 'nobody', value: 'abcdefgh' }));
    expect(unknown.code).toBe('VALIDATION_FAILED');
    expect(unknown.details.field).toBe('name');
  });

  it('sends a chat, saving the user message first and the answer with its metadata', async () => {
    const result = await api.chat.send({ request: { messages: [{ role: 'user', content: 'hello world' }] } });
    expect(result.response.content).toBe('hello world');
    expect(upstream.openai.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(result.conversationId).toBeTruthy();
    const conversation = await api.history.get({ id: result.conversationId! });
    expect(conversation.title).toBe('hello world');
    expect(conversation.messages.map((m) => [m.role, m.status, m.content])).toEqual([
      ['user', 'complete', 'hello world'],
      ['assistant', 'complete', 'hello world'],
    ]);
    expect(conversation.messages[1]?.response?.usage.totalTokens).toBeGreaterThan(0);
    expect(conversation.messages[1]?.response?.provider).toBe('openai');
    expect(conversation.messages[1]?.id).toBe(result.messageId);
    await until(() => events.some((e) => e.name === 'history.changed'));
    const list = await api.history.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: result.conversationId, messageCount: 2 });
  });

  it('streams a chat in order and ends with finish', async () => {
    const parts: StreamPart[] = [];
    const metas: { conversationId?: string }[] = [];
    const handle = api.streamChat({ request: { messages: [{ role: 'user', content: 'one two three' }] } }, (part, meta) => {
      parts.push(part);
      metas.push(meta);
      seen.push(part);
    });
    await handle.done;
    expect(parts[0]?.type).toBe('start');
    expect(parts.at(-1)?.type).toBe('finish');
    expect(parts.slice(1, -1).every((p) => p.type === 'text-delta')).toBe(true);
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('')).toBe('one two three');
    const conversationId = metas.at(-1)?.conversationId;
    expect(conversationId).toBeTruthy();
    const stored = await api.history.get({ id: conversationId! });
    expect(stored.messages.at(-1)).toMatchObject({ status: 'complete', content: 'one two three' });
  });

  it('cancels a stream: one CANCELLED part, the upstream request aborted, history says cancelled', async () => {
    const parts: StreamPart[] = [];
    let conversationId: string | undefined;
    upstream.openai.behave({ chunkDelayMs: 50 });
    const handle = api.streamChat(
      { request: { messages: [{ role: 'user', content: 'a b c d e f g h i j k l m n o p' }] } },
      (part, meta) => {
        parts.push(part);
        conversationId = meta.conversationId ?? conversationId;
      },
    );
    await until(() => parts.some((p) => p.type === 'text-delta'));
    handle.cancel();
    await handle.done;
    const last = parts.at(-1);
    expect(last).toMatchObject({ type: 'error', error: { code: 'CANCELLED' } });
    expect(parts.filter((p) => p.type === 'error' || p.type === 'finish')).toHaveLength(1);
    expect(await upstream.openai.requests.at(-1)!.ended).toBe('aborted');
    await until(async () => (await api.history.get({ id: conversationId! })).messages.at(-1)?.status === 'cancelled');
  });

  it('edits and resends, and compares in another mode without saving', async () => {
    const first = await api.chat.send({ request: { messages: [{ role: 'user', content: 'first try' }] } });
    const userId = (await api.history.get({ id: first.conversationId! })).messages[0]!.id;
    await api.chat.send({
      conversationId: first.conversationId!,
      replaceFromMessageId: userId,
      request: { messages: [{ role: 'user', content: 'second try' }] },
    });
    const after = await api.history.get({ id: first.conversationId! });
    expect(after.messages.map((m) => m.content)).toEqual(['second try', 'second try']);

    const compared = await api.chat.send({ request: { messages: [{ role: 'user', content: 'compare me' }] }, mode: 'plano_proxy', ephemeral: true });
    expect(compared.conversationId).toBeUndefined();
    expect(compared.response.trace.mode).toBe('plano_proxy');
    expect(compared.response.content).toBe('compare me');
    expect(await api.history.list()).toHaveLength(1);
    expect((await api.router.state()).mode).toBe('direct');
  });

  it('renames, exports (without keys) and deletes conversations', async () => {
    const sent = await api.chat.send({ request: { messages: [{ role: 'user', content: 'export me please' }] } });
    const id = sent.conversationId!;
    expect((await api.history.rename({ id, title: 'My  export ' })).title).toBe('My export');
    const markdown = await api.history.export({ id, format: 'markdown' });
    expect(markdown).toMatchObject({ filename: 'My-export.md', mimeType: 'text/markdown' });
    expect(markdown.content).toContain('## User');
    expect(markdown.content).toContain('export me please');
    const json = await api.history.export({ id, format: 'json' });
    expect(JSON.parse(json.content).messages).toHaveLength(2);
    await api.history.delete({ id });
    expect(await api.history.list()).toEqual([]);
    expect((await rejection(api.history.get({ id }))).code).toBe('NOT_FOUND');
  });

  it('carries errors across with code, retryable and details, as a SwitchyardError', async () => {
    const notFound = await rejection(api.history.get({ id: 'nope' }));
    expect(notFound).toBeInstanceOf(SwitchyardError);
    expect(notFound).toMatchObject({ code: 'NOT_FOUND', retryable: false, message: 'conversation nope not found' });
    upstream.openai.behave({ status: 500 });
    const failed = await rejection(api.chat.send({ request: { messages: [{ role: 'user', content: 'please fail' }] } }));
    expect(failed).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true, details: { status: 500 } });
  });

  it('shows a provider cooling down in the router state, pushed when it starts, and fails fast with COOLING_DOWN', async () => {
    upstream.openai.behave({ status: 503 });
    const ask = { request: { messages: [{ role: 'user' as const, content: 'x' }] } };
    for (let i = 0; i < 3; i++) expect((await rejection(api.chat.send(ask))).code).toBe('UPSTREAM_ERROR');
    const cooling = (await api.router.state()).providers.find((p) => p.name === 'openai')?.cooldown;
    expect(cooling).toMatchObject({ via: 'direct', failures: 3, until: expect.any(Number) });
    await until(() => events.some((e) => e.name === 'router.state' && JSON.stringify(e.payload).includes('"cooldown"')));
    const fast = await rejection(api.chat.send(ask));
    expect(fast).toMatchObject({ code: 'COOLING_DOWN', details: { provider: 'openai', cooldownUntil: cooling!.until } });
    expect(upstream.openai.chatRequests()).toHaveLength(3);
  });

  it('scrubs a key that an upstream error echoes, from the error, the stream and history', async () => {
    // the real API's 401 body quotes the key it was sent
    upstream.openai.behave({ status: 401, errorMessage: `Incorrect API key provided: ${TEST_KEY}` });
    const error = await rejection(api.chat.send({ request: { messages: [{ role: 'user', content: 'leak-key now' }] } }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toContain('[REDACTED]');
    seen.push({ message: error.message, details: error.details });
    const parts: StreamPart[] = [];
    await api.streamChat({ request: { messages: [{ role: 'user', content: 'leak-key again' }] } }, (p) => {
      parts.push(p);
      seen.push(p);
    }).done;
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'AUTH_FAILED' } });
    for (const summary of await api.history.list()) seen.push(await api.history.get({ id: summary.id }));
    const files = await Promise.all((await api.history.list()).map((s) => readFile(join(app.dir, 'history', `${s.id}.json`), 'utf8')));
    expect(files.join('')).not.toContain(TEST_KEY);
  });

  it('rejects bad arguments with VALIDATION_FAILED naming the field, changing nothing', async () => {
    const wrongType = await rejection(api.history.get({ id: 5 } as unknown as { id: string }));
    expect(wrongType).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'id' } });
    const extra = await rejection(api.router.setMode({ mode: 'direct', turbo: true } as unknown as { mode: 'direct' }));
    expect(extra).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'turbo' } });
    const badMode = await rejection(api.router.setMode({ mode: 'warp' as 'direct' }));
    expect(badMode.details.field).toBe('mode');
    const noMessages = await rejection(api.chat.send({ request: { messages: [] } }));
    expect(noMessages.details.field).toBe('request.messages');
    const traversal = await rejection(api.history.get({ id: '../config' }));
    expect(traversal.code).toBe('VALIDATION_FAILED');

    const before = await readFile(app.configPath);
    const huge = await rejection(api.chat.send({ request: { messages: [{ role: 'user', content: 'x'.repeat(5 * 1024 * 1024) }] } }));
    expect(huge.code).toBe('VALIDATION_FAILED');
    expect(await api.history.list()).toEqual([]);
    expect(upstream.openai.requests).toHaveLength(0);
    expect(await readFile(app.configPath)).toEqual(before);

    const hugeStream: StreamPart[] = [];
    await api.streamChat({ request: { messages: [{ role: 'user', content: 'y'.repeat(5 * 1024 * 1024) }] } }, (p) => hugeStream.push(p)).done;
    expect(hugeStream).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) }]);
    expect(upstream.openai.requests).toHaveLength(0);

    const badStream: StreamPart[] = [];
    await api.streamChat({ request: { messages: 'hi' } } as unknown as Parameters<SwitchyardBridge['streamChat']>[0], (p) => badStream.push(p)).done;
    expect(badStream).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) }]);
  });

  it('serves the error log: its errors and warnings', async () => {
    const log = await api.app.errorLog();
    expect(log.path).toMatch(/switchyard\.log$/);
    expect(log.entries).toEqual([{ at: '', level: 'error', event: 'x', detail: '' }]);
    await expect(api.app.openErrorLog()).resolves.toBeUndefined();
  });

  it('says which transport it is', () => {
    expect(api.transport).toBe(kind === 'ipc' ? 'electron' : 'browser');
  });

  it('keeps an invalid config file untouched and reports where it is wrong', async () => {
    await transport.close();
    await app.close();
    const broken = 'routing:\n  mode: direct\nproviders:\n  openai:\n    type: openai\n    timout: 30s\n';
    app = await createTestApp({ secrets, configYaml: broken });
    transport = kind === 'ipc' ? ipcTransport(app.core) : await browserTransport(app.core, join(app.dir, 'none'));
    const view = await transport.bridge.settings.get();
    expect(view.problems).toContainEqual(expect.objectContaining({ path: 'providers.openai.timout', line: 6 }));
    // Every page learns of it through the router state.
    expect((await transport.bridge.router.state()).configProblems).toContainEqual(expect.objectContaining({ path: 'providers.openai.timout', line: 6 }));
    await transport.bridge.router.setMode({ mode: 'plano_proxy' });
    expect(await readFile(app.configPath, 'utf8')).toBe(broken);
  });
});

/** Wraps every method so that whatever it returns or throws lands in `seen`. */
function recording(bridge: SwitchyardBridge, seen: unknown[]): SwitchyardBridge {
  const out: Record<string, unknown> = { streamChat: bridge.streamChat, on: bridge.on, transport: bridge.transport };
  for (const [group, methods] of Object.entries(bridge)) {
    if (typeof methods !== 'object' || methods === null) continue;
    const wrapped: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(methods as Record<string, (a?: unknown) => Promise<unknown>>)) {
      wrapped[name] = async (args?: unknown) => {
        try {
          const result = await fn(args);
          seen.push(result);
          return result;
        } catch (error) {
          if (error instanceof SwitchyardError) seen.push({ code: error.code, message: error.message, details: error.details });
          throw error;
        }
      };
    }
    out[group] = wrapped;
  }
  return out as unknown as SwitchyardBridge;
}

async function rejection(promise: Promise<unknown>): Promise<SwitchyardError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SwitchyardError) return error;
    throw new Error(`expected a SwitchyardError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

