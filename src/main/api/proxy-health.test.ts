import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ProxyHealth } from '../../shared/api';
import { healthUrl, ProxyHealthCheck } from './proxy-health';
import { createTestApp } from '../../../test/support/test-app';
import { until } from '../../../test/support/until';

describe('proxy health check', () => {
  it('checks a new URL once: healthy while it answers, failing (with the reason) when nothing does', async () => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/healthz' ? 200 : 404);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const seen: (ProxyHealth | undefined)[] = [];
    const check: ProxyHealthCheck = new ProxyHealthCheck((url, init) => fetch(url, init), () => seen.push(check.health));
    try {
      await check.follow(`${origin}/v1`);
      expect(seen.map((h) => h?.state)).toEqual(['checking', 'healthy']);
      expect(check.health).toMatchObject({ url: `${origin}/healthz`, status: 200 });
      await check.follow(`${origin}/v1`);
      expect(seen).toHaveLength(2);

    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // The same address once nothing listens there any more.
    await check.follow(origin);
    expect(check.health).toMatchObject({ state: 'failing', url: `${origin}/healthz`, error: 'ECONNREFUSED' });
    expect(healthUrl('http://gw:12000/')).toBe('http://gw:12000/healthz');
  });
});

describe('the router state follows the proxy URL', () => {
  it('a new proxy URL is checked at once: a dead one shows failing, not the previous healthy latency', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const live = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dead = await new Promise<string>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(`http://127.0.0.1:${port}`));
      });
    });
    const app = await createTestApp();
    try {
      const state = () => app.core.services.router.state();
      await app.core.invoke('router.updateModeSettings', { mode: 'plano_proxy', settings: { base_url: live } });
      await until(() => state().proxyHealth?.state === 'healthy');
      expect(state().proxyHealth).toMatchObject({ url: `${live}/healthz`, status: 200 });
      app.core.services.router.recordResponse({ trace: { mode: 'plano_proxy', servedBy: 'plano_proxy', attempts: [], retries: 0, overheadMs: 0, latencyMs: 408 } });
      expect(state().lastLatencyMs.plano_proxy).toBe(408);

      await app.core.invoke('router.updateModeSettings', { mode: 'plano_proxy', settings: { base_url: dead } });
      await until(() => state().proxyHealth?.state === 'failing');
      expect(state().proxyHealth).toMatchObject({ url: `${dead}/healthz`, error: 'ECONNREFUSED' });
      expect(state().lastLatencyMs.plano_proxy).toBeUndefined();
    } finally {
      await app.close();
      server.close();
    }
  });
});
