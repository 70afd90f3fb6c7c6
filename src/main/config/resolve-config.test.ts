import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANO_IMAGE, DEFAULT_PLANO_PORT } from '../../shared/config-schema';
import { parseConfigText } from './load-config';
import { resolveConfig, resolveHeaders, resolveSecret } from './resolve-config';
import { secretValues } from './secret-values';
import { defaultConfigFile, serializeConfig } from './serialize-config';

const resolve = (yaml: string, env: NodeJS.ProcessEnv = {}) => resolveConfig(parseConfigText(yaml), env);

describe('resolveConfig: $ENV references', () => {
  it('resolves $VAR and ${VAR} in api_key and remembers the variable name', () => {
    const config = resolve(
      ['providers:', '  openai:', '    type: openai', '    api_key: $OPENAI_API_KEY', '  anthropic:', '    type: anthropic', '    api_key: ${ANTHROPIC_API_KEY}'].join('\n'),
      { OPENAI_API_KEY: 'sk-openai', ANTHROPIC_API_KEY: 'sk-ant-x' },
    );
    expect(config.providers.openai).toMatchObject({ apiKey: 'sk-openai', apiKeyEnv: 'OPENAI_API_KEY' });
    expect(config.providers.anthropic).toMatchObject({ apiKey: 'sk-ant-x', apiKeyEnv: 'ANTHROPIC_API_KEY' });
  });

  it('an unset or empty variable leaves the key undefined (not an error) but keeps its name', () => {
    const config = resolve('providers:\n  a:\n    type: openai\n    api_key: $MISSING\n  b:\n    type: openai\n    api_key: $EMPTY\n', { EMPTY: '' });
    expect(config.providers.a?.apiKey).toBeUndefined();
    expect(config.providers.a?.apiKeyEnv).toBe('MISSING');
    expect(config.providers.b?.apiKey).toBeUndefined();
  });

  it('a literal key is used as is, with no env name', () => {
    const config = resolve('providers:\n  a:\n    type: openai\n    api_key: sk-literal\n');
    expect(config.providers.a?.apiKey).toBe('sk-literal');
    expect(config.providers.a?.apiKeyEnv).toBeUndefined();
  });

  it('resolves the Plano proxy key and header values', () => {
    const config = resolve(
      [
        'routing:',
        '  plano_proxy:',
        '    api_key: ${PLANO_KEY}',
        '    headers:',
        '      x-team: $TEAM',
        '      authorization: Bearer ${TOKEN}',
        '      x-literal: plain',
        '      x-gone: ${NOT_SET}',
      ].join('\n'),
      { PLANO_KEY: 'pk', TEAM: 'core', TOKEN: 'tok' },
    );
    expect(config.routing.planoProxy.apiKey).toBe('pk');
    // A header whose variable is unset is dropped, not sent half-filled.
    expect(config.routing.planoProxy.headers).toEqual({ 'x-team': 'core', authorization: 'Bearer tok', 'x-literal': 'plain' });
  });

  it('resolveSecret and resolveHeaders are pure', () => {
    expect(resolveSecret(undefined, {})).toEqual({});
    expect(resolveSecret('  $A ', { A: 'v' })).toEqual({ value: 'v', envName: 'A' });
    expect(resolveHeaders({ h: 'a-${X}-b' }, { X: '1' })).toEqual({ h: 'a-1-b' });
  });

  it('secretValues lists every resolved key (for the logger to scrub)', () => {
    const config = resolve(
      'routing:\n  plano_proxy:\n    api_key: pk-1\nproviders:\n  a:\n    type: openai\n    api_key: $K\n    headers:\n      authorization: Bearer ${T}\n      x-team: core\n',
      { K: 'sk-a', T: 'tok-9' },
    );
    expect(secretValues(config).sort()).toEqual(['pk-1', 'sk-a', 'tok-9']);
  });
});

describe('resolveConfig: durations and defaults', () => {
  it('turns durations into milliseconds (ms, s, m, h, bare seconds)', () => {
    const config = resolve(
      [
        'routing:',
        '  plano_proxy: { timeout: 1m, first_byte_timeout: 500ms }',
        '  plano_embedded: { start_timeout: 0.5h, health_interval: 2, recovery_hold: 1.5s }',
        'providers:',
        '  a: { type: openai, timeout: 90s, first_byte_timeout: 10s }',
      ].join('\n'),
    );
    expect(config.routing.planoProxy).toMatchObject({ timeoutMs: 60_000, firstByteTimeoutMs: 500 });
    expect(config.routing.planoEmbedded).toMatchObject({ startTimeoutMs: 1_800_000, healthIntervalMs: 2_000, recoveryHoldMs: 1_500 });
    expect(config.providers.a).toMatchObject({ timeoutMs: 90_000, firstByteTimeoutMs: 10_000 });
  });

  it('the empty config: mode direct, Plano defaults matching its 0.4.36 release, proxy backoff defaults', () => {
    const config = resolveConfig(defaultConfigFile(), {});
    expect(config.routing.mode).toBe('direct');
    expect(config.routing.enableFallback).toBe(true);
    expect(config.providers).toEqual({});
    // Plano's own defaults: model listener on 12000, GET /healthz (Envoy) then /v1/models (readiness),
    // the CLI waits up to 120 s for health, image katanemo/plano with a bare version tag.
    expect(config.routing.planoProxy).toEqual({
      baseUrl: 'http://127.0.0.1:12000',
      timeoutMs: 30_000,
      firstByteTimeoutMs: 15_000,
      retryCount: 3,
      headers: {},
      backoffBaseMs: 250,
      backoffMaxMs: 8_000,
    });
    expect(config.routing.planoEmbedded).toMatchObject({
      image: 'katanemo/plano:0.4.36',
      port: 12000,
      healthEndpoint: '/healthz',
      readinessEndpoint: '/v1/models',
      startTimeoutMs: 120_000,
      fallback: true,
    });
    expect(DEFAULT_PLANO_IMAGE).toMatch(/^katanemo\/plano:\d+\.\d+\.\d+$/);
    expect(DEFAULT_PLANO_PORT).toBe(12000);
  });

  it('the connection pool: 1024 requests in flight and 10 idle sockets for 90 s per origin unless set', () => {
    expect(resolve('').routing.connections).toEqual({ maxPerOrigin: 1024, idlePerOrigin: 10, idleTimeoutMs: 90_000 });
    const set = resolve('routing:\n  connections:\n    max_per_origin: 64\n    idle_per_origin: 2\n    idle_timeout: 30s\n');
    expect(set.routing.connections).toEqual({ maxPerOrigin: 64, idlePerOrigin: 2, idleTimeoutMs: 30_000 });
  });

  it('proxy backoff is configurable; a cap below the base is a problem naming backoff_max', () => {
    const config = resolve('routing:\n  plano_proxy:\n    backoff_base: 100ms\n    backoff_max: 2s\n');
    expect(config.routing.planoProxy).toMatchObject({ backoffBaseMs: 100, backoffMaxMs: 2_000 });
    expect(() => parseConfigText('routing:\n  plano_proxy:\n    backoff_base: 1s\n    backoff_max: 500ms\n')).toThrow(
      /routing\.plano_proxy\.backoff_max \(line 4\): must not be shorter than backoff_base/,
    );
  });

  it('default base URLs by type, and by well-known name so a key never goes to the wrong vendor', () => {
    const config = resolve(
      [
        'providers:',
        '  openai: { type: openai }',
        '  anthropic: { type: anthropic }',
        '  groq: { type: openai }',
        '  mylocal: { type: openai, base_url: "http://127.0.0.1:1234/v1/" }',
      ].join('\n'),
    );
    expect(config.providers.openai?.baseUrl).toBe('https://api.openai.com/v1');
    expect(config.providers.anthropic?.baseUrl).toBe('https://api.anthropic.com');
    expect(config.providers.groq?.baseUrl).toBe('https://api.groq.com/openai/v1');
    // Trailing slash trimmed so `${baseUrl}/chat/completions` has one slash.
    expect(config.providers.mylocal?.baseUrl).toBe('http://127.0.0.1:1234/v1');
  });

  it('planoProvider: explicit, else the name when Plano knows it, else an alias, else the type', () => {
    const config = resolve(
      [
        'providers:',
        '  groq: { type: openai }',
        '  together: { type: openai }',
        '  lmstudio: { type: openai }',
        '  work-claude: { type: anthropic }',
        '  custom: { type: openai, plano_provider: mistral }',
      ].join('\n'),
    );
    expect(config.providers.groq?.planoProvider).toBe('groq');
    expect(config.providers.together?.planoProvider).toBe('together_ai');
    expect(config.providers.lmstudio?.planoProvider).toBe('openai');
    expect(config.providers['work-claude']?.planoProvider).toBe('anthropic');
    expect(config.providers.custom?.planoProvider).toBe('mistral');
  });

  it('default model: default_model, else the first listed model; prices in camelCase', () => {
    const config = resolve(
      'providers:\n  a: { type: openai, models: [m1, m2], prices: { m1: { input_per_mtok: 1, output_per_mtok: 2 } } }\n  b: { type: openai, default_model: x, models: [m1] }\n',
    );
    expect(config.providers.a?.defaultModel).toBe('m1');
    expect(config.providers.a?.prices).toEqual({ m1: { inputPerMTok: 1, outputPerMTok: 2 } });
    expect(config.providers.b?.defaultModel).toBe('x');
  });
});

describe('serializeConfig', () => {
  it('round-trips through YAML to an equal ConfigFile', () => {
    const file = parseConfigText(
      'routing:\n  mode: plano_embedded\n  plano_embedded: { port: auto, env: { A: b } }\nproviders:\n  openai: { type: openai, api_key: $OPENAI_API_KEY, models: [gpt-4o] }\n',
    );
    const text = serializeConfig(file);
    expect(text).toContain('api_key: $OPENAI_API_KEY');
    expect(parseConfigText(text)).toEqual(file);
  });

  it('writes a partial input with its defaults filled in', () => {
    const text = serializeConfig({ routing: { mode: 'plano_proxy' } });
    expect(text).toMatch(/^# Switchyard configuration/);
    const back = parseConfigText(text);
    expect(back.routing.mode).toBe('plano_proxy');
    expect(back.routing.plano_proxy.retry_count).toBe(3);
  });

  it('the defaults serialize and parse back', () => {
    expect(parseConfigText(serializeConfig(defaultConfigFile()))).toEqual(defaultConfigFile());
  });
});

describe('resolveConfig: retries, cooldowns and fallbacks', () => {
  it('gives every provider Direct retries and a cooldown, defaults unless set', () => {
    const config = resolve(
      [
        'providers:',
        '  openai:',
        '    type: openai',
        '  claude:',
        '    type: anthropic',
        '    retry_count: 0',
        '    backoff_base: 100ms',
        '    backoff_max: 1s',
        '    retry_after_max: 5s',
        '    cooldown_after: 2',
        '    cooldown: 1m',
      ].join('\n'),
    );
    expect(config.providers.openai).toMatchObject({
      retry: { maxRetries: 2, backoffBaseMs: 250, backoffMaxMs: 8_000, maxRetryAfterMs: 60_000 },
      cooldown: { afterFailures: 3, durationMs: 30_000 },
    });
    expect(config.providers.claude).toMatchObject({
      retry: { maxRetries: 0, backoffBaseMs: 100, backoffMaxMs: 1_000, maxRetryAfterMs: 5_000 },
      cooldown: { afterFailures: 2, durationMs: 60_000 },
    });
  });

  it('reads fallback chains and the context-window switch; the proxy takes a Retry-After cap', () => {
    const config = resolve(
      [
        'routing:',
        '  fallbacks:',
        '    openai/gpt-4o-mini: [claude/claude-3-5-haiku-latest, openai/gpt-4.1-nano]',
        '    claude/*: [openai/gpt-4o-mini]',
        '  fallback_on_context_window: true',
        '  plano_proxy:',
        '    retry_after_max: 10s',
        'providers:',
        '  openai:',
        '    type: openai',
        '  claude:',
        '    type: anthropic',
      ].join('\n'),
    );
    expect(config.routing.fallbacks).toEqual({ 'openai/gpt-4o-mini': ['claude/claude-3-5-haiku-latest', 'openai/gpt-4.1-nano'], 'claude/*': ['openai/gpt-4o-mini'] });
    expect(config.routing.contextWindowFallback).toBe(true);
    expect(config.routing.planoProxy.retryAfterMaxMs).toBe(10_000);
    expect(resolve('').routing.fallbacks).toBeUndefined();
  });

  it('names a chain that points at an unknown provider, at itself, or twice at one model, with the line', () => {
    const text = [
      'routing:', //                                   1
      '  fallbacks:', //                               2
      '    openai/a: [nobody/x, openai/a, claude/b, claude/b]', // 3
      '    ghost/*: [claude/b]', //                    4
      'providers:',
      '  openai:',
      '    type: openai',
      '  claude:',
      '    type: anthropic',
      '    backoff_base: 2s',
      '    backoff_max: 1s',
    ].join('\n');
    let problems: unknown;
    try {
      parseConfigText(text);
    } catch (error) {
      problems = (error as { details: { problems: unknown } }).details.problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'providers.claude.backoff_max', message: expect.stringContaining('must not be shorter than backoff_base') }),
        expect.objectContaining({ path: 'routing.fallbacks.openai/a.0', line: 3, message: expect.stringContaining("'nobody' is not a configured provider") }),
        expect.objectContaining({ path: 'routing.fallbacks.openai/a.1', message: 'a model cannot be its own fallback' }),
        expect.objectContaining({ path: 'routing.fallbacks.openai/a.3', message: 'claude/b is already in this chain' }),
        expect.objectContaining({ path: 'routing.fallbacks.ghost/*', line: 4 }),
      ]),
    );
    expect(() => parseConfigText('routing:\n  fallbacks:\n    gpt-4o: [claude/b]\n')).toThrow(/routing\.fallbacks\.gpt-4o.*provider\/model/);
  });
});
