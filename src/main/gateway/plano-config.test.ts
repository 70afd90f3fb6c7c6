import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../shared/config';
import { embeddedConfig } from '../../../test/engine/gateway-fixtures';
import { containerReachableUrl, generatePlanoConfig, keyEnvName, planoConfigProblems } from './plano-config';
import { PlanoModelMap } from './plano-model-map';

const port = { listenerPort: 12000, hostNetwork: false };
const providersOf = (yaml: string): unknown[] => (parse(yaml) as { model_providers: unknown[] }).model_providers;

describe('generatePlanoConfig', () => {
  const config = embeddedConfig({}, {
    openai: { models: ['gpt-4o', 'gpt-4o-mini'], defaultModel: 'gpt-4o-mini', baseUrl: 'https://api.openai.com/v1' },
    claude: { type: 'anthropic', planoProvider: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-secret', apiKeyEnv: undefined, models: ['claude-sonnet-4-0'], defaultModel: undefined },
    local: { planoProvider: 'ollama', baseUrl: 'http://localhost:11434', apiKey: undefined, apiKeyEnv: undefined, models: [], defaultModel: 'llama3.2' },
  });

  it("writes Plano v0.4.0: known providers on Plano's own endpoints, a catch-all per OpenAI-compatible provider, keys as $ENV", () => {
    const out = generatePlanoConfig(config, port);
    const doc = parse(out.yaml) as Record<string, unknown>;
    expect(doc.version).toBe('v0.4.0');
    expect(doc.listeners).toEqual([{ type: 'model', name: 'llm', port: 12000 }]);
    expect(doc.model_providers).toEqual([
      { model: 'openai/gpt-4o', access_key: '$OPENAI_API_KEY' },
      { model: 'openai/gpt-4o-mini', access_key: '$OPENAI_API_KEY', default: true },
      { model: 'switchyard-openai/*', base_url: 'https://api.openai.com/v1', provider_interface: 'openai', access_key: '$OPENAI_API_KEY' },
      { model: 'anthropic/claude-sonnet-4-0', access_key: '$SWITCHYARD_CLAUDE_API_KEY' },
      { model: 'ollama/llama3.2', base_url: 'http://host.docker.internal:11434' },
      { model: 'local/*', base_url: 'http://host.docker.internal:11434', provider_interface: 'openai' },
    ]);
    expect(out.env).toEqual({ OPENAI_API_KEY: 'sk-test-key', SWITCHYARD_CLAUDE_API_KEY: 'sk-ant-secret' });
    expect(out.yaml).not.toContain('sk-ant-secret');
    expect(out.yaml).not.toContain('sk-test-key');
    expect(out.models).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-0', 'ollama/llama3.2']);
    expect(out.extraHosts).toEqual([]);
  });

  it('keeps localhost as it is with host networking', () => {
    const out = generatePlanoConfig(config, { listenerPort: 18000, hostNetwork: true });
    expect(out.yaml).toContain('base_url: http://localhost:11434');
    expect(out.yaml).toContain('port: 18000');
  });

  it('gives a keys-only provider a catch-all that is never the default (Plano refuses wildcard defaults)', () => {
    const keysOnly = embeddedConfig({}, { a: { models: [], defaultModel: undefined }, b: { models: [], defaultModel: undefined, apiKeyEnv: 'B_KEY', apiKey: 'sk-b' } });
    expect(providersOf(generatePlanoConfig(keysOnly, port).yaml)).toEqual([
      { model: 'a/*', base_url: 'http://host.docker.internal:9/v1', provider_interface: 'openai', access_key: '$OPENAI_API_KEY' },
      { model: 'b/*', base_url: 'http://host.docker.internal:9/v1', provider_interface: 'openai', access_key: '$B_KEY' },
    ]);
  });

  it('gives two servers on one host their own host names, mapped to the host in the container', () => {
    const two = embeddedConfig({}, {
      llamacpp: { baseUrl: 'http://127.0.0.1:8080/v1', apiKey: undefined, models: ['qwen'] },
      lmstudio: { baseUrl: 'http://127.0.0.1:1234/v1', apiKey: undefined, models: ['llama'] },
    });
    const out = generatePlanoConfig(two, port);
    expect(out.yaml).toContain('base_url: http://host.docker.internal:8080/v1');
    expect(out.yaml).toContain('base_url: http://host-1234.switchyard.internal:1234/v1');
    expect(out.extraHosts).toEqual(['host-1234.switchyard.internal:host-gateway']);
    expect(generatePlanoConfig(two, { ...port, hostNetwork: true }).extraHosts).toEqual(['host-1234.switchyard.internal:127.0.0.1']);
  });

  it('rejects an empty provider list and a bad port with errors naming the field', () => {
    expect(() => generatePlanoConfig(embeddedConfig({}, {}), port)).toThrow(/at least one provider under `providers`/);
    expect(() => generatePlanoConfig(config, { listenerPort: 0, hostNetwork: false })).toThrow(/listener port must be 1-65535/);
  });
});

describe('what Plano cannot express', () => {
  const problemsOf = (providers: Record<string, Partial<ProviderConfig>>) => planoConfigProblems(embeddedConfig({}, providers));
  const anthropic = (extra: Partial<ProviderConfig> = {}): Partial<ProviderConfig> => ({ type: 'anthropic', planoProvider: 'anthropic', baseUrl: 'https://api.anthropic.com', defaultModel: undefined, ...extra });

  it('is none for an ordinary setup', () => {
    expect(problemsOf({ openai: {}, claude: anthropic({ models: ['claude-sonnet-4-0'] }) })).toEqual([]);
  });

  it('names the Anthropic-format model that another provider also offers', () => {
    const problems = problemsOf({
      claude: anthropic({ models: ['claude-sonnet-4-0'] }),
      proxy: anthropic({ baseUrl: 'https://claude.corp.example', models: ['claude-x', 'claude-sonnet-4-0'] }),
    });
    expect(problems.map((p) => p.path)).toEqual(['providers.claude.models.0', 'providers.proxy.models.1']);
    expect(problems[0]!.message).toMatch(/Plano cannot keep model 'claude-sonnet-4-0' .* \(proxy also offers it\)/);
  });

  it('names an Anthropic-format provider without models, a foreign plano_provider, headers without a key, odd ids and keys', () => {
    const problems = problemsOf({
      claude: anthropic({ models: [], defaultModel: undefined }),
      bedrock: anthropic({ planoProvider: 'amazon_bedrock', models: ['claude'] }),
      local: { apiKey: undefined, headers: { 'X-Title': 'Switchyard' }, models: ['price$', 'any/*', 'two words'], defaultModel: undefined },
      odd: { apiKey: 'key: with colon', models: ['m'], defaultModel: undefined },
    });
    expect(problems.map((p) => [p.path, p.message.slice(0, 40)])).toEqual([
      ['providers.claude.models', 'Plano reaches an Anthropic-format provid'],
      ['providers.bedrock.plano_provider', 'Plano reaches Anthropic-format providers'],
      ['providers.local.models.0', "model id 'price$' contains '$', which Pl"],
      ['providers.local.models.1', "model id 'any/*' would be a Plano wildca"],
      ['providers.local.models.2', "model id 'two words' contains white spac"],
      ['providers.local.headers', "Plano sends a provider's headers only to"],
      ['providers.odd.api_key', 'the key has characters (spaces, line bre'],
    ]);
    expect(() => generatePlanoConfig(embeddedConfig({}, { local: { apiKey: undefined, headers: { 'X-Title': 'x' } } }), port)).toThrow(
      /Plano cannot express this config: providers\.local\.headers: /,
    );
  });

  it('names two servers on one remote host that Plano would merge', () => {
    const problems = problemsOf({ a: { baseUrl: 'http://gpu-box:8000/v1', models: ['x'], defaultModel: 'x' }, b: { baseUrl: 'http://gpu-box:8001/v1', models: ['y'], defaultModel: 'y' } });
    expect(problems).toEqual([{ path: 'providers.b.base_url', message: expect.stringContaining('would both be sent to http://gpu-box:8000') }]);
  });
});

describe('keys and headers in the environment', () => {
  it('derives a valid env name when the key reference is missing or odd', () => {
    const base = embeddedConfig().providers.openai!;
    expect(keyEnvName({ ...base, name: 'my-provider', apiKeyEnv: undefined })).toBe('SWITCHYARD_MY_PROVIDER_API_KEY');
    expect(keyEnvName({ ...base, apiKeyEnv: '1BAD' })).toBe('SWITCHYARD_OPENAI_API_KEY');
  });

  it('never gives two different keys one env name, and sends secret or $-bearing headers by env', () => {
    const out = generatePlanoConfig(
      embeddedConfig({}, {
        'my-p': { apiKey: 'key-one', apiKeyEnv: undefined, models: ['a'] },
        my_p: { apiKey: 'key-two', apiKeyEnv: undefined, models: ['b'], headers: { 'X-Api-Token': 'tok', 'X-Price': '$5', 'X-Title': 'Switchyard' } },
        shared: { apiKey: 'key-one', apiKeyEnv: 'SWITCHYARD_MY_P_API_KEY', models: ['c'] },
      }),
      port,
    );
    expect(out.env).toEqual({
      SWITCHYARD_MY_P_API_KEY: 'key-one',
      SWITCHYARD_MY_P_API_KEY_2: 'key-two',
      SWITCHYARD_MY_P_HEADER_X_API_TOKEN: 'tok',
      SWITCHYARD_MY_P_HEADER_X_PRICE: '$5',
    });
    expect(out.yaml).toContain('X-Title: Switchyard');
    expect(out.yaml).toContain('X-Api-Token: $SWITCHYARD_MY_P_HEADER_X_API_TOKEN');
    expect(out.yaml).not.toContain('tok\n');
  });
});

describe('containerReachableUrl', () => {
  it('rewrites loopback hosts and leaves others alone', () => {
    expect(containerReachableUrl('http://127.0.0.1:8080/v1', false)).toBe('http://host.docker.internal:8080/v1');
    expect(containerReachableUrl('http://[::1]:8080/', false)).toBe('http://host.docker.internal:8080/');
    expect(containerReachableUrl('https://api.groq.com/openai/v1', false)).toBe('https://api.groq.com/openai/v1');
    expect(containerReachableUrl('not a url', false)).toBe('not a url');
  });
});

describe('PlanoModelMap', () => {
  const map = new PlanoModelMap(
    embeddedConfig({}, {
      openai: { models: ['gpt-4o', 'gpt-4o-mini'], baseUrl: 'https://api.openai.com/v1' },
      openrouter: { planoProvider: 'openrouter', baseUrl: 'https://openrouter.ai/api/v1', models: ['gpt-4o-mini', 'openrouter/auto'], defaultModel: undefined },
      claude: { type: 'anthropic', planoProvider: 'anthropic', baseUrl: 'https://api.anthropic.com', models: ['claude-sonnet-4-0'], defaultModel: undefined },
    }),
  );

  it('maps every listed model to one name and back, clashing ids through their catch-alls', () => {
    expect(map.routes.map((r) => [r.provider, r.model, r.planoModel, r.via])).toEqual([
      ['openai', 'gpt-4o', 'openai/gpt-4o', 'model'],
      ['openai', 'gpt-4o-mini', 'switchyard-openai/gpt-4o-mini', 'wildcard'],
      ['openrouter', 'gpt-4o-mini', 'switchyard-openrouter/gpt-4o-mini', 'wildcard'],
      ['openrouter', 'openrouter/auto', 'openrouter/openrouter/auto', 'model'],
      ['claude', 'claude-sonnet-4-0', 'anthropic/claude-sonnet-4-0', 'model'],
    ]);
    for (const r of map.routes) expect(map.fromPlano(r.planoModel)).toEqual({ provider: r.provider, model: r.model });
    expect(map.fromPlano('openai/gpt-4.1')).toEqual({ provider: 'openai', model: 'gpt-4.1' });
    expect(map.fromPlano('gpt-4o')).toBeUndefined();
  });

  it('sends a typed model through the catch-all unless Plano would answer it from another entry', () => {
    expect(map.toPlano('openai', 'gpt-4.1')).toBe('switchyard-openai/gpt-4.1');
    expect(() => map.toPlano('openrouter', 'gpt-4o')).toThrow(/provider 'openai''s openai\/gpt-4o\); add it to providers\.openrouter\.models/);
    expect(() => map.toPlano('claude', 'claude-opus-4-1')).toThrow(/only through listed models/);
  });
});
