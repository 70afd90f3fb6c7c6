import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startOpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { startPlanoStandin } from '../../../test/mocks/plano-standin.mjs';
import { createBrowserBridge, type BrowserBridge, type WebSocketLike } from '../../client/browser-bridge';
import type { StreamPart } from '../../shared/chat';
import { until } from '../../../test/support/until';
import { runServe } from './serve-command';

const KEY = 'sk-serve-test-KEY-1234567890abcdef';

/**
 * `switchyard serve` end to end with the real router core: the CLI entry starts the server, the browser
 * client (the renderer's bridge) talks to it, and chat goes to a mock OpenAI server over real sockets.
 */
describe('switchyard serve', () => {
  let dir: string;
  let mock: Awaited<ReturnType<typeof startOpenAIMock>>;
  let stop: () => void;
  let exited: Promise<number>;
  let url: string;
  let bridge: BrowserBridge;
  const out: string[] = [];

  async function serve(configYaml: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<void> {
    const configPath = join(dir, 'config.yaml');
    await writeFile(configPath, configYaml);
    const staticDir = join(dir, 'renderer');
    await mkdir(staticDir, { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Switchyard</title>');
    let listening: (u: string) => void = () => undefined;
    const ready = new Promise<string>((resolve) => (listening = resolve));
    exited = runServe(['--port', '0', '--config', configPath, ...extraArgs], {
      env: { XDG_CONFIG_HOME: join(dir, 'xdg'), OPENAI_API_KEY: KEY, ...env },
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      stop: new Promise<void>((resolve) => (stop = resolve)),
      onListening: listening,
      staticDir,
    });
    url = await Promise.race([ready, exited.then((code) => Promise.reject(new Error(`serve exited ${code}: ${out.join('\n')}`)))]);
    const parsed = new URL(url);
    bridge = createBrowserBridge({
      baseUrl: parsed.origin,
      token: parsed.searchParams.get('token')!,
      fetch: (u, init) => fetch(u, init),
      WebSocket: class extends WebSocket {
        constructor(u: string) {
          super(u, { origin: parsed.origin });
        }
      } as unknown as new (u: string) => WebSocketLike,
    });
  }

  beforeEach(async () => {
    out.length = 0;
    dir = await mkdtemp(join(tmpdir(), 'switchyard-serve-'));
    mock = await startOpenAIMock({ apiKey: KEY });
  });
  afterEach(async () => {
    bridge?.dispose();
    stop?.();
    expect(await exited).toBe(0);
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  });

  const config = () => `routing:\n  mode: direct\nproviders:\n  openai:\n    type: openai\n    base_url: ${mock.url}\n    models: [gpt-4o-mini]\n`;

  it('prints a tokened loopback URL and serves the page and the API', async () => {
    await serve(config());
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect(out.join('\n')).toContain(url);
    const page = await fetch(url);
    expect(await page.text()).toContain('<title>Switchyard</title>');
    const state = await bridge.router.state();
    expect(state.providers[0]).toMatchObject({ name: 'openai', hasKey: true });
    expect(JSON.stringify(state)).not.toContain(KEY);
    expect((await bridge.secrets.status()).backend).toBe('environment');
  });

  it('chats through the real router, streams, and cancels the upstream request', async () => {
    await serve(config());
    const sent = await bridge.chat.send({ request: { messages: [{ role: 'user', content: 'hello from the browser' }] } });
    expect(sent.response.content).toBe('hello from the browser');
    expect(mock.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    const stored = await bridge.history.get({ id: sent.conversationId! });
    expect(stored.messages.map((m) => m.status)).toEqual(['complete', 'complete']);

    const parts: StreamPart[] = [];
    await bridge.streamChat({ request: { messages: [{ role: 'user', content: 'one two three' }] } }, (p) => parts.push(p)).done;
    expect(parts.at(-1)?.type).toBe('finish');
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('')).toBe('one two three');

    mock.behave({ chunkDelayMs: 100 });
    const slow: StreamPart[] = [];
    const handle = bridge.streamChat({ request: { messages: [{ role: 'user', content: 'a b c d e f g h i j' }] } }, (p) => slow.push(p));
    await until(() => slow.some((p) => p.type === 'text-delta'));
    handle.cancel();
    await handle.done;
    expect(slow.at(-1)).toMatchObject({ type: 'error', error: { code: 'CANCELLED' } });
    expect(await mock.requests.at(-1)!.ended).toBe('aborted');
  });

  it('lists the gateway models in proxy mode and switches back to direct without a restart', async () => {
    const plano = await startPlanoStandin({
      config: {
        version: 'v0.4.0',
        listeners: [{ type: 'model', name: 'llm', port: 12000 }],
        model_providers: [{ model: 'openai/gpt-4o-mini', access_key: '$OPENAI_API_KEY', base_url: mock.url, default: true }],
      },
      env: { OPENAI_API_KEY: KEY },
    });
    try {
      await serve(config());
      await bridge.router.updateModeSettings({ mode: 'plano_proxy', settings: { base_url: plano.origin, retry_count: 0 } });
      await bridge.router.setMode({ mode: 'plano_proxy' });
      expect(await bridge.router.listModels()).toEqual([{ id: 'openai/gpt-4o-mini', provider: 'openai', source: 'gateway' }]);
      const viaProxy = await bridge.chat.send({ request: { messages: [{ role: 'user', content: 'through plano' }] }, ephemeral: true });
      expect(viaProxy.response.trace.servedBy).toBe('plano_proxy');
      await bridge.router.setMode({ mode: 'direct' });
      expect((await bridge.router.listModels())[0]).toMatchObject({ id: 'gpt-4o-mini', source: 'config' });
      expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toMatch(/mode: direct/);
    } finally {
      await plano.close();
    }
  });

  it('a second serve on the same data folder exits 2 naming the first; a damaged history file is reported, not fatal', async () => {
    await mkdir(join(dir, 'xdg', 'switchyard', 'history'), { recursive: true });
    await writeFile(join(dir, 'xdg', 'switchyard', 'history', 'broken.json'), '{"id":"broken","messages":[null]}');
    await serve(config());
    expect(out.join('\n')).toMatch(/skipped a history file that cannot be read \(left as it is\): .*broken\.json: /);
    const second: string[] = [];
    const code = await runServe(['--port', '0', '--config', join(dir, 'config.yaml')], {
      env: { XDG_CONFIG_HOME: join(dir, 'xdg') },
      out: (line) => second.push(line),
      err: (line) => second.push(line),
      stop: Promise.resolve(),
      staticDir: join(dir, 'renderer'),
    });
    expect(code).toBe(2);
    expect(second.join('\n')).toMatch(new RegExp(`in use by switchyard serve \\(pid ${process.pid}, since .*\\(DATA_FOLDER_IN_USE\\)`));
  });

  it('refuses a non-loopback host without --allow-remote, and unknown options', async () => {
    const codes = await Promise.all([
      runServe(['--host', '0.0.0.0'], { out: (l) => out.push(l), err: (l) => out.push(l), env: {} }),
      runServe(['--port', 'eighty'], { out: (l) => out.push(l), err: (l) => out.push(l), env: {} }),
      runServe(['--bogus'], { out: (l) => out.push(l), err: (l) => out.push(l), env: {} }),
      runServe(['--config', join(dir, 'missing.yaml')], { out: (l) => out.push(l), err: (l) => out.push(l), env: {} }),
    ]);
    expect(codes).toEqual([2, 2, 2, 2]);
    const text = out.join('\n');
    expect(text).toContain('--allow-remote');
    expect(text).toContain('--port must be a number');
    expect(text).toContain('unknown option "--bogus"');
    expect(text).toContain('config file not found');
    // nothing was started, so the afterEach has nothing to stop
    exited = Promise.resolve(0);
  });
});
