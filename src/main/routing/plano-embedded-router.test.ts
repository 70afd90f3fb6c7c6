import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResponse, StreamPart } from '../../shared/chat';
import type { GatewayEvent } from '../../shared/gateway';
import type { PlanoEmbeddedConfig, SwitchyardConfig } from '../../shared/config';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { startPlanoStandin, type PlanoStandin } from '../../../test/mocks/plano-standin.mjs';
import { FakeEngine } from '../../../test/engine/fake-engine';
import { embeddedConfig, tempDir } from '../../../test/engine/gateway-fixtures';
import { STANDIN_IMAGE, standinBinds } from '../../../test/engine/standin-image';
import { ensureTestEngine } from '../../../test/engine/test-engine';
import { generatePlanoConfig } from '../gateway/plano-config';
import { loopbackPorts } from '../gateway/ports';
import { GatewaySupervisor, type GatewaySupervisorOptions } from '../gateway/supervisor';
import { createRouter, RouteError } from './index';
import { PlanoEmbeddedRouter } from './plano-embedded-router';

const engine = await ensureTestEngine();
const docker = engine.docker as Docker;
let openai: OpenAIMock;
const routers: PlanoEmbeddedRouter[] = [];
const supervisors: GatewaySupervisor[] = [];
const dirs: string[] = [];

beforeEach(async () => {
  openai = await startOpenAIMock({ apiKey: 'sk-test' });
});

afterEach(async () => {
  for (const r of routers.splice(0)) await r.close();
  for (const s of supervisors.splice(0)) await s.close();
  await openai.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  if (docker) {
    const mine = await docker.listContainers({ all: true, filters: { name: [`switchyard-test-${process.pid}-`] } });
    await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
  }
});

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content }], ...extra });

function config(embedded: Partial<PlanoEmbeddedConfig> = {}) {
  return embeddedConfig(
    {
      image: STANDIN_IMAGE,
      dockerHost: engine.endpoint ?? '',
      // Host networking: the gateway reaches the mock provider on the host's 127.0.0.1 directly.
      network: 'host',
      env: { STANDIN_HOST: '127.0.0.1' },
      healthIntervalMs: 60_000,
      recoveryHoldMs: 300,
      ...embedded,
    },
    { openai: { baseUrl: openai.url, apiKey: 'sk-test', apiKeyEnv: 'OPENAI_API_KEY', models: ['gpt-4o-mock'], defaultModel: 'gpt-4o-mock' } },
  );
}

interface Embedded {
  router: PlanoEmbeddedRouter;
  supervisor: GatewaySupervisor;
}

/**
 * An embedded router and the supervisor it routes through, wired as the app wires them; the gateway starts
 * right away (requests before it is ready go to Direct when fallback is on).
 */
function embedded(cfg: SwitchyardConfig, options: Partial<GatewaySupervisorOptions> = {}, autoStart = true): Embedded {
  const workDir = tempDir();
  dirs.push(workDir);
  const supervisor = new GatewaySupervisor({ config: cfg, workDir, ...options });
  supervisors.push(supervisor);
  const router = new PlanoEmbeddedRouter(cfg, { gateway: supervisor });
  routers.push(router);
  if (autoStart) supervisor.start().catch(() => undefined);
  return { router, supervisor };
}

/** On the real engine, with the Plano stand-in image. */
function embeddedRouter(settings: Partial<PlanoEmbeddedConfig> = {}, controlDir?: string): Embedded {
  return embedded(config(settings), { extraBinds: standinBinds(controlDir), stopTimeoutSec: 2, restartBackoff: { baseMs: 50, maxMs: 300 }, startPollMs: 100 });
}

function nextEvent({ supervisor }: Embedded, match: (e: GatewayEvent) => boolean): Promise<GatewayEvent> {
  return new Promise((resolve) => {
    const off = supervisor.on('event', (e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

const textOf = (parts: StreamPart[]): string => parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('');

/** What the router's container would run, in process: the stand-in with the config the router generates. */
async function standinFor(cfg: SwitchyardConfig, control = false): Promise<PlanoStandin> {
  const generated = generatePlanoConfig(cfg, { listenerPort: 12000, hostNetwork: true });
  const hosts = Object.fromEntries(generated.extraHosts.map((h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1)]));
  return startPlanoStandin({ config: parse(generated.yaml), env: generated.env, control, hosts });
}

/** An embedded router whose "container" (fake engine, always healthy) is that stand-in. */
async function routerOnStandin(cfg: SwitchyardConfig, plano: PlanoStandin): Promise<PlanoEmbeddedRouter> {
  const fake = new FakeEngine();
  const { router, supervisor } = embedded(cfg, { engine: fake, healthChecker: fake.healthSource({ now: () => Date.now() }), ports: { isFree: async () => true, findFree: async () => plano.port } });
  await supervisor.start();
  expect(supervisor.acceptsTraffic()).toBe(true);
  return router;
}

describe('PlanoEmbeddedRouter without an engine', () => {
  it('serves a request on Direct when the gateway port does not answer before the first token', async () => {
    const fake = new FakeEngine();
    const deadPort = await loopbackPorts.findFree();
    const { router, supervisor } = embedded(config({ port: 'auto' }), {
      engine: fake,
      healthChecker: fake.healthSource({ now: () => Date.now() }),
      ports: { isFree: async () => true, findFree: async () => deadPort },
    });
    await supervisor.start();
    expect(supervisor.acceptsTraffic()).toBe(true);

    const response = await router.route(ask('hello there'));
    expect(response.content).toBe('hello there');
    expect(response.trace.mode).toBe('plano_embedded');
    expect(response.trace.servedBy).toBe('direct');
    expect(response.trace.fallbackReason).toMatch(/^gateway unreachable: Network error talking to http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/);
    expect(response.trace.attempts.map((a) => [a.via, a.errorCode])).toEqual([
      ['plano_embedded', 'NETWORK_ERROR'],
      ['direct', undefined],
    ]);
  });

  it('sends each model under its Plano name whatever its provider is called, and the gateway reaches that provider with its key', async () => {
    const other = await startOpenAIMock({});
    const cfg = embeddedConfig({ port: 'auto', network: 'host' }, {
      local: { planoProvider: 'ollama', baseUrl: other.url, apiKey: undefined, apiKeyEnv: undefined, models: ['llama3.2:3b'], defaultModel: 'llama3.2:3b' },
      'Work-Proxy': { baseUrl: openai.url, apiKey: 'sk-test', apiKeyEnv: undefined, models: ['llama3.2:3b', 'meta-llama/Llama-3.1-8B-Instruct'], defaultModel: 'llama3.2:3b' },
    });
    const plano = await standinFor(cfg);
    try {
      const router = await routerOnStandin(cfg, plano);
      for (const [provider, model] of [['local', 'llama3.2:3b'], ['Work-Proxy', 'llama3.2:3b'], ['Work-Proxy', 'meta-llama/Llama-3.1-8B-Instruct'], ['Work-Proxy', 'typed-by-hand']] as const) {
        const response = await router.route(ask(`${provider} ${model}`, { provider, model }));
        expect(response.trace.servedBy).toBe('plano_embedded');
        expect(response.provider).toBe(provider);
      }
      // The same model id on two providers: each request reached its own server, with its own key (or none).
      expect(other.requests.map((r) => [r.body.model, r.headers.authorization])).toEqual([['llama3.2:3b', undefined]]);
      expect(openai.requests.map((r) => [r.body.model, r.headers.authorization])).toEqual([
        ['llama3.2:3b', 'Bearer sk-test'],
        ['meta-llama/Llama-3.1-8B-Instruct', 'Bearer sk-test'],
        ['typed-by-hand', 'Bearer sk-test'],
      ]);
      expect(plano.requests.map((r) => (r.body as { model?: string }).model)).toEqual([
        'local/llama3.2:3b',
        'work-proxy/llama3.2:3b',
        'work-proxy/meta-llama/Llama-3.1-8B-Instruct',
        'work-proxy/typed-by-hand',
      ]);
    } finally {
      await plano.close();
      await other.close();
    }
  });

  it('serves on Direct, saying why, a request the gateway sends no first byte for in time', async () => {
    const cfg = embeddedConfig({ port: 'auto', network: 'host', firstByteTimeoutMs: 200 }, { openai: { baseUrl: openai.url, apiKey: 'sk-test', models: ['gpt-4o-mock'], defaultModel: 'gpt-4o-mock' } });
    const plano = await standinFor(cfg, true);
    try {
      const router = await routerOnStandin(cfg, plano);
      // A gateway that stopped answering (a paused container): the request is held until released.
      plano.failNext(1, { hold: true });
      const parts = await collect(router.stream(ask('are you there')));
      expect(textOf(parts)).toBe('are you there');
      const finish = parts.at(-1) as { type: 'finish'; response: ChatResponse };
      expect(finish.type).toBe('finish');
      expect(finish.response.trace.servedBy).toBe('direct');
      expect(finish.response.trace.fallbackReason).toMatch(/^gateway did not answer in time: Timed out \(first-byte\): no response headers within 200 ms/);
      expect(finish.response.trace.attempts.map((a) => [a.via, a.errorCode])).toEqual([
        ['plano_embedded', 'TIMEOUT'],
        ['direct', undefined],
      ]);
    } finally {
      plano.release();
      await plano.close();
    }
  });

  it('ends a reply cut off mid-stream with NETWORK_ERROR after the partial text, and does not resend it', async () => {
    const cfg = embeddedConfig({ port: 'auto', network: 'host' }, { openai: { baseUrl: openai.url, apiKey: 'sk-test', models: ['gpt-4o-mock'], defaultModel: 'gpt-4o-mock' } });
    const plano = await standinFor(cfg);
    try {
      const router = await routerOnStandin(cfg, plano);
      openai.behave({ reply: 'one two three four', dropAfterChunks: 2 });
      const parts = await collect(router.stream(ask('tell me')));
      expect(textOf(parts)).toBe('one two ');
      const last = parts.at(-1) as Extract<StreamPart, { type: 'error' }>;
      expect(last).toMatchObject({ type: 'error', error: { code: 'NETWORK_ERROR' } });
      expect(last.trace?.servedBy).toBe('plano_embedded');
      expect(openai.requests).toHaveLength(1);
    } finally {
      await plano.close();
    }
  });

  it('reads a Plano model name back as the provider and its own model id when Direct serves', async () => {
    const fake = new FakeEngine();
    fake.reachable = false;
    const cfg = embeddedConfig({}, {
      openai: { baseUrl: openai.url, apiKey: 'sk-test', models: ['gpt-4o-mock'], defaultModel: 'gpt-4o-mock' },
      local: { planoProvider: 'ollama', baseUrl: openai.url, apiKey: 'sk-test', models: ['llama3.2:3b'], defaultModel: 'llama3.2:3b' },
    });
    const { router, supervisor } = embedded(cfg, { engine: fake });
    await supervisor.start();
    const fromList = await router.route(ask('from the gateway list', { model: 'switchyard-openai/gpt-4o-mock' }));
    expect(fromList).toMatchObject({ provider: 'openai', trace: { servedBy: 'direct' } });
    const other = await router.route(ask('another provider', { model: 'ollama/llama3.2:3b' }));
    expect(other.provider).toBe('local');
    expect(openai.requests.map((r) => r.body.model)).toEqual(['gpt-4o-mock', 'llama3.2:3b']);
  });

  it('fails with CONTAINER_FAILED when the gateway is down and fallback is off', async () => {
    const fake = new FakeEngine();
    fake.reachable = false;
    const { router } = embedded(config({ fallback: false }), { engine: fake });
    const error = await router.route(ask('hi')).catch((e: unknown) => e as RouteError);
    expect(error).toBeInstanceOf(RouteError);
    expect((error as RouteError).code).toBe('CONTAINER_FAILED');
    expect((error as RouteError).message).toContain('No container engine answers');
    expect(openai.requests).toHaveLength(0);
  });

  it('with fallback off, a request waits for a starting gateway and then goes through it', async () => {
    const fake = new FakeEngine();
    fake.startBehaviour = 'silent';
    // The "container" is an in-process Plano stand-in on the port the fake engine hands out.
    const plano = await standinFor(config({ fallback: false, port: 'auto' }));
    try {
      const { router, supervisor } = embedded(config({ fallback: false, port: 'auto' }), {
        engine: fake,
        startPollMs: 20,
        healthChecker: fake.healthSource({ now: () => Date.now() }),
        ports: { isFree: async () => true, findFree: async () => plano.port },
      });
      const cancelled = new AbortController();
      const early = router.route(ask('never mind'), { signal: cancelled.signal }).catch((e: unknown) => e as RouteError);
      const pending = router.route(ask('worth the wait'));
      await new Promise((r) => setTimeout(r, 50));
      expect(supervisor.phase).toBe('starting');
      cancelled.abort();
      expect(((await early) as RouteError).code).toBe('CANCELLED');
      fake.startBehaviour = 'healthy';
      const response = await pending;
      expect(response.content).toBe('worth the wait');
      expect(response.trace.servedBy).toBe('plano_embedded');
      expect(plano.forwarded.at(-1)).toMatchObject({ model: 'gpt-4o-mock' });
    } finally {
      await plano.close();
    }
  });

  it('is what createRouter builds for plano_embedded, given the gateway to go through', async () => {
    const fake = new FakeEngine();
    fake.reachable = false;
    const { supervisor } = embedded(config(), { engine: fake }, false);
    const router = createRouter(config(), { gateway: supervisor });
    expect(router).toBeInstanceOf(PlanoEmbeddedRouter);
    expect(router.mode).toBe('plano_embedded');
    await router.close();
    expect(() => createRouter(config())).toThrow(/createRouter needs deps\.gateway/);
  });
});

describe.skipIf(!engine.available)('PlanoEmbeddedRouter on a real engine', () => {
  it('routes through the gateway container once it is ready, with the key from the container env', async () => {
    const { router, supervisor } = embeddedRouter();
    const status = await supervisor.start();
    expect(status.phase).toBe('ready');

    const response = await router.route(ask('through the gateway'));
    expect(response.content).toBe('through the gateway');
    expect(response.trace).toMatchObject({ mode: 'plano_embedded', servedBy: 'plano_embedded' });
    expect(response.trace.fallbackReason).toBeUndefined();
    expect(response.trace.attempts[0]).toMatchObject({ target: 'plano', via: 'plano_embedded', status: 200 });
    expect(openai.requests.at(-1)?.headers.authorization).toBe('Bearer sk-test');
    expect(openai.requests.at(-1)?.body.model).toBe('gpt-4o-mock');

    const parts = await collect(router.stream(ask('streamed words here')));
    const text = parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('');
    expect(text).toBe('streamed words here');
    expect((parts.at(-1) as { response: ChatResponse }).response.trace.servedBy).toBe('plano_embedded');
  });

  it('two servers on one host with different ports each get their own requests through the container', async () => {
    const second = await startOpenAIMock({});
    try {
      const cfg = embeddedConfig(
        { image: STANDIN_IMAGE, dockerHost: engine.endpoint ?? '', network: 'host', env: { STANDIN_HOST: '127.0.0.1' }, healthIntervalMs: 60_000 },
        {
          llamacpp: { baseUrl: openai.url, apiKey: 'sk-test', apiKeyEnv: undefined, models: ['qwen2.5-7b'], defaultModel: 'qwen2.5-7b' },
          lmstudio: { baseUrl: second.url, apiKey: undefined, apiKeyEnv: undefined, models: ['llama-3.2-1b'], defaultModel: 'llama-3.2-1b' },
        },
      );
      const { router, supervisor } = embedded(cfg, { extraBinds: standinBinds(), stopTimeoutSec: 2, startPollMs: 100 });
      expect((await supervisor.start()).phase).toBe('ready');
      const a = await router.route(ask('to llama.cpp', { provider: 'llamacpp' }));
      const b = await router.route(ask('to LM Studio', { provider: 'lmstudio' }));
      expect([a.trace.servedBy, b.trace.servedBy]).toEqual(['plano_embedded', 'plano_embedded']);
      expect(openai.requests.map((r) => r.body.model)).toEqual(['qwen2.5-7b']);
      expect(second.requests.map((r) => r.body.model)).toEqual(['llama-3.2-1b']);
      const info = await docker.getContainer(supervisor.status().containerId!).inspect();
      expect(info.HostConfig.ExtraHosts).toEqual([`host-${second.port}.switchyard.internal:127.0.0.1`]);
    } finally {
      await second.close();
    }
  });

  it('a paused container: the request gets no first byte in time and Direct serves it, saying why', async () => {
    const { router, supervisor } = embeddedRouter({ firstByteTimeoutMs: 300 });
    const status = await supervisor.start();
    const container = docker.getContainer(status.containerId!);
    await container.pause();
    try {
      const parts = await collect(router.stream(ask('anyone awake')));
      const finish = parts.at(-1) as { type: 'finish'; response: ChatResponse };
      expect(finish.type).toBe('finish');
      expect(finish.response.content).toBe('anyone awake');
      expect(finish.response.trace.servedBy).toBe('direct');
      expect(finish.response.trace.fallbackReason).toMatch(/^gateway did not answer in time: .*no response headers within 300 ms/);
    } finally {
      await container.unpause();
    }
  });

  it('serves on Direct while the gateway is still starting', async () => {
    const { router } = embeddedRouter();
    const response = await router.route(ask('early bird'));
    expect(response.trace.servedBy).toBe('direct');
    expect(response.trace.fallbackReason).toMatch(/^gateway is (idle|creating|starting)/);
  });

  it('a killed container costs no failed request: Direct serves, then the restarted gateway again', async () => {
    const gateway = embeddedRouter();
    const { router, supervisor } = gateway;
    const first = await supervisor.start();
    await router.route(ask('warm up'));

    const readyAgain = nextEvent(gateway, (e) => e.kind === 'transition' && e.phase === 'ready');
    await docker.getContainer(first.containerId!).kill({ signal: 'SIGKILL' });
    const during = await router.route(ask('while it is down'));
    expect(during.content).toBe('while it is down');
    expect(during.trace.servedBy).toBe('direct');
    expect(during.trace.fallbackReason).toBeTruthy();

    await readyAgain;
    const after = await router.route(ask('back again'));
    expect(after.trace.servedBy).toBe('plano_embedded');
    expect(supervisor.status().restarts).toBe(1);
  });

  it('crash loop: falls back to Direct after max restarts, keeps serving, then switches back after recovery', async () => {
    const control = tempDir('switchyard-control-');
    dirs.push(control);
    const gateway = embeddedRouter({ maxRestarts: 2, healthIntervalMs: 200, recoveryHoldMs: 300 }, control);
    const { router, supervisor } = gateway;
    await supervisor.start();

    writeFileSync(join(control, 'crash'), 'invalid configuration: listeners[0].port: out of range');
    const fellBack = nextEvent(gateway, (e) => e.kind === 'fallback');
    await docker.getContainer(supervisor.status().containerId!).kill({ signal: 'SIGKILL' });
    await fellBack;

    for (const n of [1, 2, 3]) {
      const r = await router.route(ask(`during fallback ${n}`));
      expect(r.content).toBe(`during fallback ${n}`);
      expect(r.trace.servedBy).toBe('direct');
      expect(r.trace.fallbackReason).toContain('gave up after 2 failed restarts');
    }

    rmSync(join(control, 'crash'));
    await nextEvent(gateway, (e) => e.kind === 'recovery');
    const back = await router.route(ask('recovered'));
    expect(back.trace.servedBy).toBe('plano_embedded');
    expect(supervisor.status()).toMatchObject({ fallbackActive: false, fallbacks: 1 });
  });

  it('closing the router leaves the gateway to its owner; closing the supervisor removes the container', async () => {
    const { router, supervisor } = embeddedRouter();
    const status = await supervisor.start();
    await router.close();
    await router.close();
    expect(await docker.listContainers({ filters: { name: [status.containerName] } })).toHaveLength(1);
    await supervisor.close();
    const left = await docker.listContainers({ all: true, filters: { name: [status.containerName] } });
    expect(left).toHaveLength(0);
  });
});
