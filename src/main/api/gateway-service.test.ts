import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SwitchyardConfig } from '../../shared/config';
import { FakeEngine } from '../../../test/engine/fake-engine';
import { embeddedConfig, tempDir } from '../../../test/engine/gateway-fixtures';
import { makeConfig } from '../../../test/mocks/test-config';
import { GatewayService } from './gateway-service';

/** A loopback server that answers the Docker API's ping like an engine does. */
async function startPingServer(): Promise<{ url: string; pings: () => number; close: () => Promise<void> }> {
  let pings = 0;
  const server: Server = createServer((req, res) => {
    if (req.url?.endsWith('/_ping')) {
      pings++;
      res.writeHead(200, { 'content-type': 'text/plain', 'api-version': '1.41' }).end('OK');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `tcp://127.0.0.1:${port}`, pings: () => pings, close: () => new Promise((r) => server.close(() => r())) };
}

function gatewayFor(dockerHost: string): GatewayService {
  const base = makeConfig([]);
  const config: SwitchyardConfig = { ...base, routing: { ...base.routing, planoEmbedded: { ...base.routing.planoEmbedded, dockerHost } } };
  return new GatewayService({ config: () => config });
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('GatewayService before any container exists', () => {
  it('reports a reachable engine, so the dashboard can offer Start', async () => {
    const engine = await startPingServer();
    cleanups.push(engine.close);
    const status = await gatewayFor(engine.url).status();
    expect(status.phase).toBe('idle');
    expect(status.engine).toEqual({ reachable: true, endpoint: engine.url });
    // Polling the status does not ping the engine every time.
    await gatewayFor(engine.url).status();
    const gateway = gatewayFor(engine.url);
    await gateway.status();
    await gateway.status();
    expect(engine.pings()).toBe(3);
  });

  it('reports an engine that does not answer, with how to start one', async () => {
    const status = await gatewayFor('/nonexistent/switchyard-test/docker.sock').status();
    expect(status.engine.reachable).toBe(false);
    expect(status.engine.endpoint).toBe('/nonexistent/switchyard-test/docker.sock');
    expect(status.engine.error).toMatch(/No container engine answers at \/nonexistent.*Start Docker/);
  });

  it('reports a docker_host it cannot use as unreachable, naming the setting', async () => {
    const status = await gatewayFor('ftp://example').status();
    expect(status.engine.reachable).toBe(false);
    expect(status.engine.error).toContain('docker_host');
  });
});

/** The service on a fake engine; `config` can be swapped as a settings change would. */
function serviceOnFakeEngine(mode: SwitchyardConfig['routing']['mode']) {
  const engine = new FakeEngine();
  const workDir = tempDir();
  cleanups.push(async () => rmSync(workDir, { recursive: true, force: true }));
  const base = embeddedConfig({ containerName: 'switchyard-plano', network: '' });
  let config: SwitchyardConfig = { ...base, routing: { ...base.routing, mode } };
  let nextPort = 41000;
  const service = new GatewayService({
    config: () => config,
    supervisor: { engine, workDir, healthChecker: engine.healthSource({ now: () => Date.now() }), ports: { isFree: async () => true, findFree: async () => nextPort++ } },
  });
  cleanups.push(() => service.close());
  /** Containers created so far (one per supervisor here: every start in these tests succeeds first time). */
  const created = (): number => engine.calls.filter((c) => c.startsWith('create ')).length;
  return { engine, service, created, setConfig: (next: SwitchyardConfig) => (config = next), config: () => config };
}

describe('GatewayService', () => {
  it('starts from the dashboard with no router at all, and embedded routers see it through the target', async () => {
    const { engine, service } = serviceOnFakeEngine('direct');
    expect(service.target.acceptsTraffic()).toBe(false);
    expect(service.target.unavailableReason()).toContain('not running');
    const status = await service.start();
    expect(status.phase).toBe('ready');
    expect(service.target.acceptsTraffic()).toBe(true);
    expect(service.target.origin).toBe(`http://127.0.0.1:${status.port}`);
    expect(service.target.models.toPlano('openai', 'gpt-4o')).toBe('switchyard-openai/gpt-4o');
    expect((await service.stop()).phase).toBe('stopped');
    expect(service.target.acceptsTraffic()).toBe(false);
    expect(engine.notRemoved()).toEqual([]);
  });

  it('Stop right after Start, while the supervisor is still being made, leaves nothing running', async () => {
    const { engine, service } = serviceOnFakeEngine('direct');
    const starting = service.start();
    const stopped = await service.stop();
    await starting;
    expect(stopped.phase).toBe('stopped');
    expect(engine.live()).toBeUndefined();
    expect(service.target.acceptsTraffic()).toBe(false);
  });

  it('never runs two gateways: on a config change the old container is removed before the new one is created', async () => {
    const { engine, service, created, setConfig, config } = serviceOnFakeEngine('plano_embedded');
    await service.start();
    const first = engine.live()!;
    setConfig({ ...config(), routing: { ...config().routing, planoEmbedded: { ...config().routing.planoEmbedded, healthIntervalMs: 20_000 } } });
    service.configChanged();
    await service.target.whenSettled();
    expect(created()).toBe(2);
    expect((await service.status()).phase).toBe('ready');
    const removedAt = engine.calls.indexOf(`remove ${first.id.slice(0, 4)}`);
    const createdAt = engine.calls.lastIndexOf('create switchyard-plano');
    expect(removedAt).toBeGreaterThan(-1);
    expect(removedAt).toBeLessThan(createdAt);
    expect(engine.notRemoved()).toHaveLength(1);
  });

  it('a config change in another mode stops the gateway the dashboard started, and does not start a new one', async () => {
    const { engine, service, created } = serviceOnFakeEngine('direct');
    await service.start();
    service.configChanged();
    await service.target.whenSettled();
    expect(created()).toBe(1);
    expect(engine.notRemoved()).toEqual([]);
    expect((await service.status()).phase).toBe('stopped');
  });

  it('follows a retired supervisor until it has stopped, so the dashboard sees the shutdown', async () => {
    const { service } = serviceOnFakeEngine('direct');
    const phases: string[] = [];
    service.on('status', (s) => phases.push(s.phase));
    await service.start();
    service.configChanged();
    await service.target.whenSettled();
    expect(phases.at(-1)).toBe('stopped');
    expect(phases).toContain('stopping');
  });
});
