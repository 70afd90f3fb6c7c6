import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_REQUEST_BYTES } from '../../shared/api-transport';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { until } from '../../../test/support/until';
import { startBrowserServer, type BrowserServer } from './browser-server';

const TOKEN = 'tok-0123456789abcdef';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so tests can send the Host and Origin headers a browser or an attacker would. */
function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('browser-mode server', () => {
  let app: TestApp;
  let server: BrowserServer;
  let host: string;
  let staticDir: string;

  beforeEach(async () => {
    app = await createTestApp({ secrets: 'environment' });
    staticDir = join(app.dir, 'renderer');
    await mkdir(join(staticDir, 'assets'), { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Switchyard</title>');
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    server = await startBrowserServer({ core: app.core, token: TOKEN, staticDir });
    host = `127.0.0.1:${server.port}`;
  });
  afterEach(async () => {
    await server.close();
    await app.close();
  });

  const api = (method: string, body: string, headers: Record<string, string> = {}) =>
    raw(server.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: { host, 'content-type': 'application/json', 'x-switchyard-token': TOKEN, ...headers },
      body,
    });

  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('answers API calls with the token', async () => {
    const res = await api('router.state', 'null');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).result.mode).toBe('direct');
  });

  it('a caller that closes its connection during chat.send cancels the chat, and the Traffic log says so', async () => {
    // The router holds its answer until the chat's signal aborts.
    const body = JSON.stringify({ request: { messages: [{ role: 'user', content: 'hold on' }] } });
    const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/chat.send', headers: { host, 'content-type': 'application/json', 'x-switchyard-token': TOKEN } });
    const closed = new Promise((resolve) => req.on('error', resolve).on('close', resolve));
    req.end(body);
    await until(() => app.routers.requests.length === 1);
    req.destroy();
    await closed;
    await until(() => app.routers.aborts === 1);
    await until(() => app.core.services.traffic.view().entries.at(-1)?.status === 'cancelled');
  });

  it('rejects API calls without the token or with a wrong one (401)', async () => {
    const missing = await raw(server.port, { method: 'POST', path: '/api/router.state', headers: { host, 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body).error.code).toBe('UNAUTHORIZED');
    expect((await api('router.state', '{}', { 'x-switchyard-token': 'tok-0123456789abcdeX' })).status).toBe(401);
  });

  it('rejects a foreign Host (DNS rebinding) and a foreign Origin (403), even with the token', async () => {
    expect((await api('router.state', '{}', { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await api('router.state', '{}', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('router.state', '{}', { origin: 'null' })).status).toBe(403);
    expect((await api('router.state', '{}', { origin: `https://${host}` })).status).toBe(403);
    expect((await raw(server.port, { path: '/', headers: { host: 'attacker.test' } })).status).toBe(403);
    expect((await api('router.state', '{}', { origin: `http://${host}` })).status).toBe(200);
    expect((await api('router.state', '{}', { host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })).status).toBe(200);
  });

  it('caps the body size (413) and rejects non-JSON bodies', async () => {
    const big = await api('settings.validate', JSON.stringify({ config: { x: 'y'.repeat(MAX_REQUEST_BYTES) } }));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.code).toBe('VALIDATION_FAILED');
    expect((await api('router.state', '{not json')).status).toBe(400);
    expect((await api('router.state', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('takes exactly application/json (415 for json-seq and other look-alikes), with or without parameters', async () => {
    for (const type of ['application/json-seq', 'application/jsonx', 'application/json5', 'text/json']) {
      expect((await api('router.state', '{}', { 'content-type': type })).status, type).toBe(415);
    }
    for (const type of ['application/json; charset=utf-8', 'Application/JSON']) {
      expect((await api('router.state', '{}', { 'content-type': type })).status, type).toBe(200);
    }
  });

  it('a method with malformed percent-encoding is a 400 naming the method, not a 500', async () => {
    for (const method of ['%', 'router.%E0%A4%A', 'router%2']) {
      const answer = await api(method, '{}');
      expect(answer.status, method).toBe(400);
      expect(JSON.parse(answer.body).error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'method' } });
    }
  });

  it('names unknown methods and bad fields with VALIDATION_FAILED', async () => {
    const unknown = await api('router.selfDestruct', '{}');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'method' } });
    const bad = JSON.parse((await api('history.rename', '{"id":"x","title":7}')).body);
    expect(bad.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'title' } });
  });

  it('serves the renderer with a strict CSP and no referrer, and confines paths to its folder', async () => {
    const page = await raw(server.port, { path: '/?token=abc', headers: { host } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Switchyard</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain(`ws://${host}`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await raw(server.port, { path: '/assets/app.js', headers: { host } })).headers['content-type']).toMatch(/javascript/);
    expect((await raw(server.port, { path: '/assets/missing.js', headers: { host } })).status).toBe(404);
    const traversal = await raw(server.port, { path: '/..%2f..%2fconfig.yaml', headers: { host } });
    expect(traversal.body).not.toContain('providers');
    expect((await raw(server.port, { path: '/some/route', headers: { host } })).body).toContain('<title>Switchyard</title>');
  });

  it('accepts the WebSocket only with the token and one of our origins', async () => {
    const attempt = (url: string, origin: string) =>
      new Promise<number | 'open'>((resolve) => {
        const ws = new WebSocket(url, { origin });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => undefined);
      });
    const base = `ws://${host}/ws`;
    expect(await attempt(`${base}?token=${TOKEN}`, `http://${host}`)).toBe('open');
    expect(await attempt(`${base}?token=wrong`, `http://${host}`)).toBe(401);
    expect(await attempt(base, `http://${host}`)).toBe(401);
    expect(await attempt(`${base}?token=${TOKEN}`, 'http://evil.example')).toBe(403);
  });

  it('refuses to listen beyond loopback unless told to', async () => {
    await expect(startBrowserServer({ core: app.core, token: TOKEN, staticDir, host: '0.0.0.0' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'host' },
    });
  });
});
