import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResponse, StreamPart } from '../../shared/chat';
import type { GatewayEvent } from '../../shared/gateway';
import type { PlanoEmbeddedConfig } from '../../shared/config';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { startPlanoStandin } from '../../../test/mocks/plano-standin.mjs';
import { FakeEngine } from '../../../test/engine/fake-engine';
import { embeddedConfig, tempDir } from '../../../test/engine/gateway-fixtures';
import { STANDIN_IMAGE, standinBinds } from '../../../test/engine/standin-image';
import { ensureTestEngine } from '../../../test/engine/test-engine';
import { loopbackPorts } from '../gateway/ports';
import { createRouter, RouteError } from './index';
import { PlanoEmbeddedRouter, type PlanoEmbeddedDeps } from './plano-embedded-router';

const engine = await ensureTestEngine();
const docker = engine.docker as Docker;
let openai: OpenAIMock;
const routers: PlanoEmbeddedRouter[] = [];
const dirs: string[] = [];

beforeEach(async () => {
  openai = await startOpenAIMock({ apiKey: 'sk-test' });
});

afterEach(async () => {
  for (const r of routers.splice(0)) await r.close();
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

function embeddedRouter(embedded: Partial<PlanoEmbeddedConfig> = {}, deps: PlanoEmbeddedDeps = {}, controlDir?: string): PlanoEmbeddedRouter {
  const workDir = tempDir();
  dirs.push(workDir);
  const router = new PlanoEmbeddedRouter(config(embedded), {
    ...deps,
    supervisor: { workDir, extraBinds: standinBinds(controlDir), stopTimeoutSec: 2, restartBackoff: { baseMs: 50, maxMs: 300 }, startPollMs: 100, ...deps.supervisor },
  });
  routers.push(router);
  return router;
}

function nextEvent(router: PlanoEmbeddedRouter, match: (e: GatewayEvent) => boolean): Promise<GatewayEvent> {
  return new Promise((resolve) => {
    const off = router.supervisor.on('event', (e) => {
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

describe('PlanoEmbeddedRouter without an engine', () => {
  it('serves a request on Direct when the gateway port does not answer before the first token', async () => {
    const fake = new FakeEngine();
    const workDir = tempDir();
    dirs.push(workDir);
    const deadPort = await loopbackPorts.findFree();
    const router = new PlanoEmbeddedRouter(config({ port: 'auto' }), {
      engine: fake,
      supervisor: { workDir, healthChecker: fake.healthSource({ now: () => Date.now() }), ports: { isFree: async () => true, findFree: async () => deadPort } },
    });
    routers.push(router);
    await router.supervisor.start();
    expect(router.supervisor.acceptsTraffic()).toBe(true);

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

  it('fails with CONTAINER_FAILED when the gateway is down and fallback is off', async () => {
    const fake = new FakeEngine();
    fake.reachable = false;
    const workDir = tempDir();
    dirs.push(workDir);
    const router = new PlanoEmbeddedRouter(config({ fallback: false }), { engine: fake, supervisor: { workDir } });
    routers.push(router);
    const error = await router.route(ask('hi')).catch((e: unknown) => e as RouteError);
    expect(error).toBeInstanceOf(RouteError);
    expect((error as RouteError).code).toBe('CONTAINER_FAILED');
    expect((error as RouteError).message).toContain('No container engine answers');
    expect(openai.requests).toHaveLength(0);
  });

  it('with fallback off, a request waits for a starting gateway and then goes through it', async () => {
    const fake = new FakeEngine();
    fake.startBehaviour = 'silent';
    const workDir = tempDir();
    dirs.push(workDir);
    // The "container" is an in-process Plano stand-in on the port the fake engine hands out.
    const plano = await startPlanoStandin({
      config: { version: 'v0.4.0', listeners: [{ type: 'model', name: 'llm', port: 0 }], model_providers: [{ model: 'openai/gpt-4o-mock', access_key: '$OPENAI_API_KEY', base_url: openai.url, default: true }] },
      env: { OPENAI_API_KEY: 'sk-test' },
    });
    try {
      const router = new PlanoEmbeddedRouter(config({ fallback: false, port: 'auto' }), {
        engine: fake,
        supervisor: { workDir, startPollMs: 20, healthChecker: fake.healthSource({ now: () => Date.now() }), ports: { isFree: async () => true, findFree: async () => plano.port } },
      });
      routers.push(router);
      const cancelled = new AbortController();
      const early = router.route(ask('never mind'), { signal: cancelled.signal }).catch((e: unknown) => e as RouteError);
      const pending = router.route(ask('worth the wait'));
      await new Promise((r) => setTimeout(r, 50));
      expect(router.supervisor.phase).toBe('starting');
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

  it('is what createRouter builds for plano_embedded', async () => {
    const fake = new FakeEngine();
    fake.reachable = false;
    const router = createRouter({ ...config(), routing: { ...config().routing, mode: 'plano_embedded' } }, { engine: fake, autoStart: false } as PlanoEmbeddedDeps);
    expect(router).toBeInstanceOf(PlanoEmbeddedRouter);
    expect(router.mode).toBe('plano_embedded');
    await router.close();
  });
});

describe.skipIf(!engine.available)('PlanoEmbeddedRouter on a real engine', () => {
  it('routes through the gateway container once it is ready, with the key from the container env', async () => {
    const router = embeddedRouter();
    const status = await router.supervisor.start();
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

  it('serves on Direct while the gateway is still starting', async () => {
    const router = embeddedRouter();
    const response = await router.route(ask('early bird'));
    expect(response.trace.servedBy).toBe('direct');
    expect(response.trace.fallbackReason).toMatch(/^gateway is (idle|creating|starting)/);
  });

  it('a killed container costs no failed request: Direct serves, then the restarted gateway again', async () => {
    const router = embeddedRouter();
    const first = await router.supervisor.start();
    await router.route(ask('warm up'));

    const readyAgain = nextEvent(router, (e) => e.kind === 'transition' && e.phase === 'ready');
    await docker.getContainer(first.containerId!).kill({ signal: 'SIGKILL' });
    const during = await router.route(ask('while it is down'));
    expect(during.content).toBe('while it is down');
    expect(during.trace.servedBy).toBe('direct');
    expect(during.trace.fallbackReason).toBeTruthy();

    await readyAgain;
    const after = await router.route(ask('back again'));
    expect(after.trace.servedBy).toBe('plano_embedded');
    expect(router.supervisor.status().restarts).toBe(1);
  });

  it('crash loop: falls back to Direct after max restarts, keeps serving, then switches back after recovery', async () => {
    const control = tempDir('switchyard-control-');
    dirs.push(control);
    const router = embeddedRouter({ maxRestarts: 2, healthIntervalMs: 200, recoveryHoldMs: 300 }, {}, control);
    await router.supervisor.start();

    writeFileSync(join(control, 'crash'), 'invalid configuration: listeners[0].port: out of range');
    const fellBack = nextEvent(router, (e) => e.kind === 'fallback');
    await docker.getContainer(router.supervisor.status().containerId!).kill({ signal: 'SIGKILL' });
    await fellBack;

    for (const n of [1, 2, 3]) {
      const r = await router.route(ask(`during fallback ${n}`));
      expect(r.content).toBe(`during fallback ${n}`);
      expect(r.trace.servedBy).toBe('direct');
      expect(r.trace.fallbackReason).toContain('gave up after 2 failed restarts');
    }

    rmSync(join(control, 'crash'));
    await nextEvent(router, (e) => e.kind === 'recovery');
    const back = await router.route(ask('recovered'));
    expect(back.trace.servedBy).toBe('plano_embedded');
    expect(router.supervisor.status()).toMatchObject({ fallbackActive: false, fallbacks: 1 });
  });

  it('close() stops and removes the container', async () => {
    const router = embeddedRouter();
    const status = await router.supervisor.start();
    await router.close();
    await router.close();
    const left = await docker.listContainers({ all: true, filters: { name: [status.containerName] } });
    expect(left).toHaveLength(0);
  });
});
