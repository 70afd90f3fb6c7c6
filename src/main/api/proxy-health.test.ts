import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ProxyHealth } from '../../shared/api';
import { healthUrl, ProxyHealthCheck } from './proxy-health';

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
