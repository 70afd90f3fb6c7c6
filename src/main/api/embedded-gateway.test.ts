import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SwitchyardConfig } from '../../shared/config';
import { makeConfig } from '../../../test/mocks/test-config';
import { EmbeddedGateway } from './embedded-gateway';

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

function gatewayFor(dockerHost: string): EmbeddedGateway {
  const base = makeConfig([]);
  const config: SwitchyardConfig = { ...base, routing: { ...base.routing, planoEmbedded: { ...base.routing.planoEmbedded, dockerHost } } };
  return new EmbeddedGateway({
    config: () => config,
    acquireEmbedded: () => Promise.reject(new Error('not used here')),
  });
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('EmbeddedGateway before any container exists', () => {
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
