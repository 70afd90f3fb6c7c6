import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../timing/clock';
import { HealthChecker } from './health-checker';

/** Against a real loopback server that answers like Plano's listener, or does not. */
let server: Server;
let origin: string;
let behaviour: 'ok' | 'down' | 'hang' | 'notlist' = 'ok';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (behaviour === 'hang') return;
    if (behaviour === 'down') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('no healthy upstream');
    if (req.url === '/healthz') return void res.writeHead(200).end();
    if (req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(behaviour === 'notlist' ? '{"ok":true}' : '{"object":"list","data":[]}');
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const checker = (): HealthChecker => new HealthChecker({ clock: systemClock, timeoutMs: 300, healthPath: '/healthz', readinessPath: '/v1/models' });

describe('HealthChecker', () => {
  it('passes /healthz and a model-list readiness, recording status and latency', async () => {
    behaviour = 'ok';
    const c = checker();
    const health = await c.check('health', origin);
    expect(health).toMatchObject({ ok: true, check: 'health', status: 200 });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await c.check('readiness', origin)).toMatchObject({ ok: true, check: 'readiness', status: 200 });
    await c.close();
  });

  it('fails with the status and body, a non-list readiness, a timeout and a refused connection', async () => {
    const c = checker();
    behaviour = 'down';
    expect(await c.check('health', origin)).toMatchObject({ ok: false, status: 503, error: '/healthz answered 503: no healthy upstream' });
    behaviour = 'notlist';
    expect((await c.check('readiness', origin)).error).toContain('not an OpenAI model list');
    behaviour = 'hang';
    expect((await c.check('health', origin)).error).toBe('/healthz: no answer within 300 ms');
    const refused = await c.check('health', 'http://127.0.0.1:1');
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/ECONNREFUSED/);
    await c.close();
  });
});
