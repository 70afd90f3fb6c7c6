import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOKEN_HEADER } from '../../src/shared/api-transport';
import { chromiumLaunchOptions } from '../support/chromium';
import { expect, test } from '../support/fixtures';
import { PlaygroundPage } from '../pages/playground-page';

/**
 * Journey 6 — browser-mode security. The page is public, but everything it can do (the API and the WebSocket)
 * needs the printed token; any request with a foreign Host (DNS rebinding) or Origin is refused with 403.
 */

// evil.test resolves to 127.0.0.1 inside this browser only: a DNS-rebinding attacker's name for our server.
test.use({ launchOptions: chromiumLaunchOptions(['--host-resolver-rules=MAP evil.test 127.0.0.1']) });

test.describe('browser-mode security', () => {
  test.beforeEach(async ({ app }) => {
    await app.start();
  });

  test('binds loopback and prints a URL with a long random token', async ({ app }) => {
    const { url, token } = app.handle;
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(token.length).toBeGreaterThanOrEqual(16);
    // A new server gets a new token: it is random, not derived from the port or the data folder.
    const other = await app.restart();
    expect(other.token).not.toBe(token);
  });

  test('API calls without the token, or with a wrong one, get 401', async ({ request, app }) => {
    const api = `${app.handle.origin}/api/router.state`;
    const none = await request.post(api, { data: null });
    expect(none.status()).toBe(401);
    expect((await none.json()).error.code).toBe('UNAUTHORIZED');
    const wrong = await request.post(api, { data: null, headers: { [TOKEN_HEADER]: 'x'.repeat(app.handle.token.length) } });
    expect(wrong.status()).toBe(401);
    const right = await request.post(api, { data: null, headers: { [TOKEN_HEADER]: app.handle.token } });
    expect(right.status()).toBe(200);
    expect((await right.json()).result.mode).toBe('direct');
  });

  test('opening the app without the token shows why it is refused, and nothing works', async ({ page, app }) => {
    const refused: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/')) refused.push(r.status());
    });
    await page.goto(app.handle.urlWithoutToken);
    const refusal = page.getByRole('alert');
    await expect(refusal.getByRole('heading', { name: 'Switchyard could not connect' })).toBeVisible();
    await expect(refusal).toContainText('session token');
    await expect(new PlaygroundPage(page).composer).toHaveCount(0);
    expect(refused.every((status) => status === 401)).toBe(true);
  });

  test('opening the app with a wrong token is refused the same way', async ({ page, app }) => {
    const url = new URL(app.handle.url);
    url.searchParams.set('token', 'x'.repeat(app.handle.token.length));
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/')) statuses.push(r.status());
    });
    await page.goto(url.href);
    await expect(page.getByRole('alert').first()).toContainText(/token/i);
    await expect.poll(() => statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 401)).toBe(true);
  });

  test('with the token the app loads and the token leaves the address bar', async ({ page, app }) => {
    const response = await page.goto(app.handle.url);
    expect(response?.status()).toBe(200);
    await new PlaygroundPage(page).waitReady();
    // The token must not linger in the URL (history, screenshots, Referer).
    expect(page.url()).not.toContain(app.handle.token);
  });

  test('a foreign Origin is refused with 403, even with the token', async ({ request, app }) => {
    const api = `${app.handle.origin}/api/router.state`;
    const foreign = await request.post(api, { data: null, headers: { [TOKEN_HEADER]: app.handle.token, Origin: 'http://evil.test' } });
    expect(foreign.status()).toBe(403);
    const page = await request.get(app.handle.url, { headers: { Origin: 'http://evil.test' } });
    expect(page.status()).toBe(403);
    const own = await request.post(api, { data: null, headers: { [TOKEN_HEADER]: app.handle.token, Origin: app.handle.origin } });
    expect(own.status()).toBe(200);
  });

  test('a foreign Host (DNS rebinding) is refused with 403, even with the token', async ({ page, app }) => {
    const rebound = new URL(app.handle.url);
    rebound.hostname = 'evil.test';
    const response = await page.goto(rebound.href);
    expect(response?.status()).toBe(403);
    await expect(new PlaygroundPage(page).composer).toHaveCount(0);
  });

  test('a page on another origin cannot use the API or the WebSocket, even knowing the token', async ({ page, app }) => {
    const attacker = await startAttackerPage();
    try {
      await page.goto(attacker.url);
      const outcome = await page.evaluate(
        async ({ origin, token, header }) => {
          const ws = await new Promise<string>((done) => {
            const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`);
            socket.onopen = () => done('open');
            socket.onerror = () => done('refused');
            setTimeout(() => done('timeout'), 5_000);
          });
          const api = await fetch(`${origin}/api/router.state`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [header]: token },
            body: 'null',
          }).then(
            (r) => `status ${r.status}`,
            () => 'refused',
          );
          return { ws, api };
        },
        { origin: app.handle.origin, token: app.handle.token, header: TOKEN_HEADER },
      );
      expect(outcome.ws).toBe('refused');
      // The token header forces a CORS preflight, which the server refuses (403) by its Origin.
      expect(outcome.api).toBe('refused');
    } finally {
      await new Promise((done) => attacker.server.close(done));
    }
  });

  test('the WebSocket refuses a connection without the token, and accepts one with it', async ({ page, app }) => {
    await page.goto(app.handle.urlWithoutToken);
    const connect = (url: string): Promise<string> =>
      page.evaluate(
        (target) =>
          new Promise<string>((done) => {
            const socket = new WebSocket(target);
            socket.onopen = () => {
              done('open');
              socket.close();
            };
            socket.onerror = () => done('refused');
            setTimeout(() => done('timeout'), 5_000);
          }),
        url,
      );
    const ws = `${app.handle.origin.replace(/^http/, 'ws')}/ws`;
    expect(await connect(ws)).toBe('refused');
    expect(await connect(`${ws}?token=${'x'.repeat(app.handle.token.length)}`)).toBe('refused');
    // The control: the same page, same origin, with the token.
    expect(await connect(`${ws}?token=${encodeURIComponent(app.handle.token)}`)).toBe('open');
  });
});

/** A page served from another loopback origin, standing in for a malicious site open in the same browser. */
async function startAttackerPage(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>elsewhere</title><p>another site</p>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}
