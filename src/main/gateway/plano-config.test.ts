import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { embeddedConfig } from '../../../test/engine/gateway-fixtures';
import { containerReachableUrl, generatePlanoConfig, keyEnvName } from './plano-config';

describe('generatePlanoConfig', () => {
  const config = embeddedConfig({}, {
    openai: { models: ['gpt-4o', 'gpt-4o-mini'], defaultModel: 'gpt-4o-mini', baseUrl: 'https://api.openai.com/v1' },
    claude: { type: 'anthropic', planoProvider: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-secret', apiKeyEnv: undefined, models: ['claude-sonnet-4-0'] },
    local: { planoProvider: 'ollama', baseUrl: 'http://localhost:11434', apiKey: undefined, apiKeyEnv: undefined, models: [] , defaultModel: 'llama3.2' },
  });

  it('writes Plano v0.4.0 with one model listener and every configured model, keys as $ENV references', () => {
    const out = generatePlanoConfig(config, { listenerPort: 12000, hostNetwork: false });
    const doc = parse(out.yaml) as Record<string, unknown>;
    expect(doc.version).toBe('v0.4.0');
    expect(doc.listeners).toEqual([{ type: 'model', name: 'llm', port: 12000 }]);
    expect(doc.model_providers).toEqual([
      { model: 'openai/gpt-4o', access_key: '$OPENAI_API_KEY' },
      { model: 'openai/gpt-4o-mini', access_key: '$OPENAI_API_KEY', default: true },
      { model: 'anthropic/claude-sonnet-4-0', access_key: '$SWITCHYARD_CLAUDE_API_KEY' },
      { model: 'ollama/llama3.2', base_url: 'http://host.docker.internal:11434' },
    ]);
    expect(out.env).toEqual({ OPENAI_API_KEY: 'sk-test-key', SWITCHYARD_CLAUDE_API_KEY: 'sk-ant-secret' });
    expect(out.yaml).not.toContain('sk-ant-secret');
    expect(out.yaml).not.toContain('sk-test-key');
    expect(out.models).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-0', 'ollama/llama3.2']);
  });

  it('keeps localhost as it is with host networking', () => {
    const out = generatePlanoConfig(config, { listenerPort: 18000, hostNetwork: true });
    expect(out.yaml).toContain('base_url: http://localhost:11434');
    expect(out.yaml).toContain('port: 18000');
  });

  it('uses a provider wildcard when no model is listed, and skips duplicate Plano names', () => {
    const dup = embeddedConfig({}, { a: { models: [], defaultModel: undefined }, b: { models: [], defaultModel: undefined } });
    const doc = parse(generatePlanoConfig(dup, { listenerPort: 12000, hostNetwork: false }).yaml) as { model_providers: unknown[] };
    expect(doc.model_providers).toEqual([{ model: 'openai/*', access_key: '$OPENAI_API_KEY', base_url: 'http://host.docker.internal:9/v1', default: true }]);
  });

  it('rejects an empty provider list and a bad port with errors naming the field', () => {
    expect(() => generatePlanoConfig(embeddedConfig({}, {}), { listenerPort: 12000, hostNetwork: false })).toThrow(/at least one provider under `providers`/);
    expect(() => generatePlanoConfig(config, { listenerPort: 0, hostNetwork: false })).toThrow(/listener port must be 1-65535/);
  });

  it('rewrites loopback hosts and leaves others alone', () => {
    expect(containerReachableUrl('http://127.0.0.1:8080/v1', false)).toBe('http://host.docker.internal:8080/v1');
    expect(containerReachableUrl('http://[::1]:8080/', false)).toBe('http://host.docker.internal:8080/');
    expect(containerReachableUrl('https://api.groq.com/openai/v1', false)).toBe('https://api.groq.com/openai/v1');
    expect(containerReachableUrl('not a url', false)).toBe('not a url');
  });

  it('derives a valid env name when the key reference is missing or odd', () => {
    const base = config.providers.openai!;
    expect(keyEnvName({ ...base, name: 'my-provider', apiKeyEnv: undefined })).toBe('SWITCHYARD_MY_PROVIDER_API_KEY');
    expect(keyEnvName({ ...base, apiKeyEnv: '1BAD' })).toBe('SWITCHYARD_OPENAI_API_KEY');
  });
});
