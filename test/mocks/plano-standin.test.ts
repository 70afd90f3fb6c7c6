import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAIMock, type OpenAIMock } from './openai-mock.mjs';
import { PlanoConfigError, startPlanoStandin, type PlanoStandin } from './plano-standin.mjs';
import { jsonOf, parseSseText, postJson } from './naive-sse';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setup(extra: Record<string, unknown> = {}): Promise<{ upstream: OpenAIMock; plano: PlanoStandin }> {
  const upstream = await startOpenAIMock({ apiKey: 'sk-upstream' });
  cleanups.push(() => upstream.close());
  const plano = await startPlanoStandin({
    control: true,
    env: { OPENAI_API_KEY: 'sk-upstream' },
    config: {
      version: 'v0.4.0',
      listeners: [{ type: 'model', name: 'llm', port: 12000 }],
      model_providers: [
        { model: 'openai/gpt-4o', access_key: '$OPENAI_API_KEY', base_url: upstream.url, default: true },
        { model: 'local/*', access_key: '$OPENAI_API_KEY', base_url: upstream.url, provider_interface: 'openai' },
        { model: 'anthropic/claude-sonnet-4-0', access_key: 'literal-key' },
      ],
      ...extra,
    },
  });
  cleanups.push(() => plano.close());
  return { upstream, plano };
}

const ask = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'ping' }], ...extra });

describe('Plano stand-in', () => {
  it('answers /healthz with an empty 200 and lists models', async () => {
    const { plano } = await setup();
    const health = await fetch(`${plano.origin}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('');
    const models = await jsonOf(await fetch(`${plano.url}/models`));
    expect(models).toEqual({
      object: 'list',
      data: [
        { id: 'openai/gpt-4o', object: 'model', created: 0, owned_by: 'openai' },
        { id: 'anthropic/claude-sonnet-4-0', object: 'model', created: 0, owned_by: 'anthropic' },
      ],
    });
    expect((await fetch(`${plano.origin}/other`)).status).toBe(404);
  });

  it('forwards by model name with the configured key and strips the provider prefix', async () => {
    const { plano, upstream } = await setup();
    const res = await postJson(`${plano.url}/chat/completions`, ask('openai/gpt-4o'), { authorization: 'Bearer client-key' });
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).choices[0].message.content).toBe('ping');
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-upstream');
    expect(upstream.requests[0]?.body.model).toBe('gpt-4o');

    await postJson(`${plano.url}/chat/completions`, ask('gpt-4o'));
    await postJson(`${plano.url}/chat/completions`, ask('local/llama-3.3-70b'));
    expect(plano.forwarded.map((f) => [f.name, f.model])).toEqual([
      ['openai/gpt-4o', 'gpt-4o'],
      ['openai/gpt-4o', 'gpt-4o'],
      ['local/*', 'llama-3.3-70b'],
    ]);
  });

  it('routes as Plano does: bare id before wildcard, the first port of a cluster, its path rules and headers', async () => {
    const one = await startOpenAIMock({});
    const two = await startOpenAIMock({});
    cleanups.push(() => one.close(), () => two.close());
    const plano = await startPlanoStandin({
      env: { K: 'key-1', H: 'header-secret' },
      config: {
        version: 'v0.4.0',
        listeners: [{ type: 'model', name: 'llm', port: 12000 }],
        model_providers: [
          { model: 'one/m1', access_key: '$K', base_url: `${one.url}`, provider_interface: 'openai', headers: { 'X-Title': 'Switchyard', 'X-Token': '$H' } },
          // Same host name, other port: Plano keeps the first port for the cluster `openai_127.0.0.1`.
          { model: 'two/*', access_key: '$K', base_url: `${two.url}`, provider_interface: 'openai' },
          { model: 'groq/llama', access_key: '$K', base_url: `${one.origin}/openai/v1` },
        ],
      },
    });
    cleanups.push(() => plano.close());
    // `two/m1` finds the bare id `m1` (an entry of its own) before the `two/*` wildcard.
    expect((await postJson(`${plano.url}/chat/completions`, ask('two/m1'))).status).toBe(200);
    expect((await postJson(`${plano.url}/chat/completions`, ask('two/other'))).status).toBe(200);
    // Groq's rule puts `/openai` + the request path after the base URL's path prefix.
    expect((await postJson(`${plano.url}/chat/completions`, ask('groq/llama'))).status).toBe(404);
    expect(plano.forwarded.map((f) => [f.name, f.model])).toEqual([
      ['one/m1', 'm1'],
      ['two/*', 'other'],
      ['groq/llama', 'llama'],
    ]);
    expect(two.requests).toHaveLength(0);
    expect(one.requests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions', '/openai/v1/v1/chat/completions']);
    expect(one.requests[0]?.headers).toMatchObject({ authorization: 'Bearer key-1', 'x-title': 'Switchyard', 'x-token': 'header-secret' });
  });

  it('answers 502 rather than leave the machine, and reaches a built-in endpoint through `upstreams`', async () => {
    const upstream = await startOpenAIMock({ apiKey: 'sk-real' });
    cleanups.push(() => upstream.close());
    const config = {
      version: 'v0.4.0',
      listeners: [{ type: 'model', name: 'llm', port: 12000 }],
      model_providers: [{ model: 'openai/gpt-4o', access_key: '$OPENAI_API_KEY' }],
    };
    const outside = await startPlanoStandin({ config, env: { OPENAI_API_KEY: 'sk-real' } });
    cleanups.push(() => outside.close());
    const refused = await postJson(`${outside.url}/chat/completions`, ask('openai/gpt-4o'));
    expect(refused.status).toBe(502);
    expect(await refused.text()).toContain('https://api.openai.com:443/v1/chat/completions');

    const redirected = await startPlanoStandin({ config, env: { OPENAI_API_KEY: 'sk-real' }, upstreams: { 'https://api.openai.com': upstream.origin } });
    cleanups.push(() => redirected.close());
    expect((await postJson(`${redirected.url}/chat/completions`, ask('openai/gpt-4o'))).status).toBe(200);
    expect(upstream.requests[0]?.headers.host).toBe(new URL(upstream.origin).host);
  });

  it('forwards the client key instead with passthrough_auth, routes aliases, and wants a model even with a default', async () => {
    const upstream = await startOpenAIMock({ apiKey: 'client-own-key' });
    cleanups.push(() => upstream.close());
    const plano = await startPlanoStandin({
      config: {
        version: 'v0.4.0',
        listeners: [{ type: 'model', name: 'llm', port: 12000 }],
        model_providers: [{ model: 'ollama/llama3', base_url: upstream.origin, passthrough_auth: true, default: true }],
        model_aliases: { fast: { target: 'ollama/llama3' } },
      },
    });
    cleanups.push(() => plano.close());
    const viaAlias = await postJson(`${plano.url}/chat/completions`, ask('fast'), { authorization: 'Bearer client-own-key' });
    expect(viaAlias.status).toBe(200);
    // The routing service looks the (empty) model up; `default: true` does not stand in for it.
    const noModel = await postJson(`${plano.url}/chat/completions`, { messages: [{ role: 'user', content: 'x' }] }, { authorization: 'Bearer client-own-key' });
    expect(noModel.status).toBe(400);
    expect(await noModel.text()).toBe("Model '' not found in configured providers");
    expect(upstream.requests.map((r) => r.body.model)).toEqual(['llama3']);
    expect((await postJson(`${plano.origin}/__control/chat`, {})).status).toBe(404);
  });

  it('streams through unchanged', async () => {
    const { plano } = await setup();
    const res = await postJson(`${plano.url}/chat/completions`, ask('openai/gpt-4o', { stream: true }));
    expect(res.headers.get('content-type')).toMatch(/event-stream/);
    const events = parseSseText(await res.text());
    expect(events.at(-1)?.data).toBe('[DONE]');
  });

  it('returns upstream errors unchanged, unknown models as plain 400, unreachable upstreams as 500', async () => {
    const { plano, upstream } = await setup();
    upstream.behave({ status: 429, retryAfter: 3 });
    const limited = await postJson(`${plano.url}/chat/completions`, ask('openai/gpt-4o'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await jsonOf(limited)).error.code).toBe('rate_limit_exceeded');

    const unknown = await postJson(`${plano.url}/chat/completions`, ask('mistral/large'));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toBe("Model 'mistral/large' not found in configured providers");

    // A built-in endpoint is on the internet: the stand-in says where Plano would go instead.
    const anthropic = await postJson(`${plano.url}/chat/completions`, ask('anthropic/claude-sonnet-4-0'));
    expect(anthropic.status).toBe(502);
    expect(await anthropic.text()).toContain('https://api.anthropic.com:443/v1/chat/completions');

    await upstream.close();
    const down = await postJson(`${plano.url}/chat/completions`, ask('openai/gpt-4o'));
    expect(down.status).toBe(500);
    expect(await down.text()).toMatch(/^Failed to send request: /);
  });

  it('scripts failures through the control hook', async () => {
    const { plano } = await setup();
    const script = await postJson(`${plano.origin}/__control/chat`, { count: 2, status: 503 });
    expect(script.status).toBe(204);
    expect((await postJson(`${plano.url}/chat/completions`, ask('openai/gpt-4o'))).status).toBe(503);
    expect((await postJson(`${plano.url}/chat/completions`, ask('openai/gpt-4o'))).status).toBe(503);
    expect((await postJson(`${plano.url}/chat/completions`, ask('openai/gpt-4o'))).status).toBe(200);
    plano.setHealth({ status: 503 });
    expect((await fetch(`${plano.origin}/healthz`)).status).toBe(503);
    plano.setModels({ status: 500 });
    expect((await fetch(`${plano.url}/models`)).status).toBe(500);
    await postJson(`${plano.origin}/__control/reset`, {});
    expect((await fetch(`${plano.origin}/healthz`)).status).toBe(200);
  });

  it('rejects the configs Plano rejects', async () => {
    const file = (model_providers: unknown[]) => ({ config: { version: 'v0.4.0', listeners: [], model_providers }, env: {} });
    await expect(startPlanoStandin({ config: { listeners: [] } })).rejects.toThrow(PlanoConfigError);
    await expect(startPlanoStandin(file([{ model: 'gpt-4o' }]))).rejects.toThrow(/<provider>\/<model_id>/);
    await expect(startPlanoStandin(file([{ model: 'openai/*', default: true }]))).rejects.toThrow(/Default models cannot be wildcards/);
    await expect(startPlanoStandin(file([{ model: 'fireworks/llama' }]))).rejects.toThrow(/base_url and provider_interface for unsupported provider fireworks/);
    await expect(startPlanoStandin(file([{ model: 'openai/gpt-4o-mini' }, { model: 'openrouter/gpt-4o-mini', base_url: 'http://127.0.0.1:9/v1' }]))).rejects.toThrow(/Duplicate model_id gpt-4o-mini/);
    await expect(startPlanoStandin(file([{ model: 'ollama/llama3' }]))).rejects.toThrow(/requires 'base_url'/);
    await expect(
      startPlanoStandin({ config: { version: 'v0.4.0', listeners: [], model_providers: [{ model: 'openai/x', access_key: '$NOPE_KEY' }] }, env: {} }),
    ).rejects.toThrow(/NOPE_KEY/);
  });

  it('runs as a CLI and exits non-zero with a message on a bad config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standin-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'listeners: [\n');
    const script = fileURLToPath(new URL('./plano-standin.mjs', import.meta.url));
    const failed = await runNode([script, '--config', bad, '--port', '0']);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/invalid YAML/);

    const good = join(dir, 'plano_config.yaml');
    writeFileSync(good, 'version: v0.4.0\nlisteners:\n  - type: model\n    name: llm\n    port: 12000\nmodel_providers:\n  - model: openai/gpt-4o\n    access_key: $OPENAI_API_KEY\n    base_url: http://127.0.0.1:9/v1\n');
    const child = spawn(process.execPath, [script, '--config', good, '--port', '0'], { env: { ...process.env, OPENAI_API_KEY: 'k' } });
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        const m = /listening on (\S+)/.exec(d.toString());
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

function runNode(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}
