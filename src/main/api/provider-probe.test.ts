import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderCheck } from '../../shared/api';
import { startAnthropicMock } from '../../../test/mocks/anthropic-mock.mjs';
import { startOpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { createTestApp, TEST_KEY, testConfigYaml, type TestApp } from '../../../test/support/test-app';

/**
 * Provider test and model list against the loopback mocks: what answered (status, time, models), the
 * provider's own reason on failure, a missing `$ENV` key named, and the key sent only to the saved URL.
 */
describe('provider test and model list', () => {
  let openai: Awaited<ReturnType<typeof startOpenAIMock>>;
  let anthropic: Awaited<ReturnType<typeof startAnthropicMock>>;
  let app: TestApp;
  const servers: Server[] = [];

  beforeEach(async () => {
    openai = await startOpenAIMock({ apiKey: TEST_KEY, models: ['gpt-4o-mini', 'gpt-4o'] });
    anthropic = await startAnthropicMock({ apiKey: 'sk-ant-mock-key-000111', models: ['claude-sonnet-4-5', 'claude-haiku-4-5'] });
    app = await createTestApp({ configYaml: testConfigYaml({ openaiBaseUrl: openai.url }), env: { TEST_OPENAI_KEY: TEST_KEY, ANT_KEY: 'sk-ant-mock-key-000111' } });
  });

  afterEach(async () => {
    await app.close();
    await openai.close();
    await anthropic.close();
    for (const s of servers.splice(0)) s.close();
  });

  const test = async (input: object) => (await app.core.invoke('providers.test', input)) as ProviderCheck;

  it('a saved provider answers with its models, asked with its own key', async () => {
    const check = await test({ name: 'openai' });
    expect(check).toMatchObject({ ok: true, status: 200, url: `${openai.url}/models`, models: ['gpt-4o-mini', 'gpt-4o'] });
    expect(check.message).toMatch(/^openai answered HTTP 200 in \d+ ms with 2 models$/);
    expect(openai.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(await app.core.invoke('providers.models', { name: 'openai' })).toEqual(['gpt-4o-mini', 'gpt-4o']);
  });

  it("a draft Anthropic provider is asked at /v1/models with x-api-key and anthropic-version; a wrong key gets the provider's reason", async () => {
    const ok = await test({ draft: { type: 'anthropic', base_url: anthropic.url, api_key: '$ANT_KEY' } });
    expect(ok).toMatchObject({ ok: true, models: ['claude-sonnet-4-5', 'claude-haiku-4-5'] });
    expect(anthropic.requests.at(-1)?.headers['anthropic-version']).toBe('2023-06-01');

    const bad = await test({ draft: { type: 'anthropic', base_url: anthropic.url, api_key: 'sk-ant-wrong-key-99' } });
    expect(bad).toMatchObject({ ok: false, status: 401, code: 'AUTH_FAILED' });
    expect(bad.message).toContain('invalid x-api-key');
    await expect(app.core.invoke('providers.models', { draft: { type: 'anthropic', base_url: anthropic.url } })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('names a referenced variable that is not set, and sends nothing', async () => {
    const before = openai.requests.length;
    const check = await test({ draft: { type: 'openai', base_url: openai.url, api_key: '$NOT_SET_ANYWHERE' } });
    expect(check).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
    expect(check.message).toContain('$NOT_SET_ANYWHERE is not set');
    expect(openai.requests).toHaveLength(before);
  });

  it("an edited URL does not get the saved provider's key, and redirects are not followed", async () => {
    const elsewhere = await listen((req, res) => {
      if (req.url === '/v1/models') {
        res.writeHead(302, { location: 'http://127.0.0.1:9/steal' });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: [{ id: 'm1' }] }));
      }
    });
    const seen = elsewhere.seen;
    const moved = await test({ name: 'openai', draft: { type: 'openai', base_url: `${elsewhere.origin}/other` } });
    expect(moved).toMatchObject({ ok: true, models: ['m1'] });
    expect(seen.at(-1)?.authorization).toBeUndefined();

    // The saved URL, given again in the draft, still gets the saved key.
    await test({ name: 'openai', draft: { type: 'openai', base_url: openai.url } });
    expect(openai.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);

    const redirected = await test({ draft: { type: 'openai', base_url: `${elsewhere.origin}/v1` } });
    expect(redirected).toMatchObject({ ok: false, status: 302 });
    expect(redirected.message).toContain('redirects are not followed');
    expect(seen.filter((h) => h.url === '/steal')).toHaveLength(0);
  });

  it('says when nothing answers, and refuses bad input naming the field', async () => {
    const check = await test({ draft: { type: 'openai', base_url: 'http://127.0.0.1:9/v1' } });
    expect(check).toMatchObject({ ok: false, code: 'NETWORK_ERROR' });
    expect(check.message).toContain('cannot reach 127.0.0.1:9');
    await expect(test({})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(test({ draft: { type: 'openai', base_url: 'file:///etc/passwd' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(test({ name: 'nobody' })).rejects.toMatchObject({ code: 'PROVIDER_NOT_FOUND' });
  });

  async function listen(handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) {
    const seen: { url?: string; authorization?: string }[] = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      handler(req, res);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }
});
