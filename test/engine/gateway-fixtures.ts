import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanoEmbeddedConfig, ProviderConfig, SwitchyardConfig } from '../../src/shared/config';
import { DEFAULT_PLANO_IMAGE } from '../../src/shared/config-schema';

/** Runtime config for embedded-mode tests; durations are short so supervision shows within a test. */
export function embeddedConfig(
  embedded: Partial<PlanoEmbeddedConfig> = {},
  providers: Record<string, Partial<ProviderConfig>> = { openai: {} },
): SwitchyardConfig {
  const resolvedProviders: Record<string, ProviderConfig> = {};
  for (const [name, p] of Object.entries(providers)) {
    resolvedProviders[name] = {
      name,
      type: 'openai',
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKey: 'sk-test-key',
      apiKeyEnv: 'OPENAI_API_KEY',
      models: ['gpt-4o'],
      defaultModel: 'gpt-4o',
      headers: {},
      timeoutMs: 10_000,
      firstByteTimeoutMs: 10_000,
      planoProvider: 'openai',
      prices: {},
      ...p,
    };
  }
  return {
    routing: {
      mode: 'plano_embedded',
      enableFallback: true,
      planoProxy: {
        baseUrl: 'http://127.0.0.1:12000',
        timeoutMs: 10_000,
        firstByteTimeoutMs: 10_000,
        retryCount: 0,
        headers: {},
        backoffBaseMs: 50,
        backoffMaxMs: 200,
      },
      planoEmbedded: {
        image: DEFAULT_PLANO_IMAGE,
        containerName: uniqueName(),
        port: 'auto',
        healthEndpoint: '/healthz',
        readinessEndpoint: '/v1/models',
        healthIntervalMs: 10_000,
        startTimeoutMs: 20_000,
        maxRestarts: 3,
        fallback: true,
        recoveryHoldMs: 500,
        network: 'slirp4netns',
        env: {},
        dockerHost: '',
        timeoutMs: 10_000,
        firstByteTimeoutMs: 10_000,
        ...embedded,
      },
    },
    providers: resolvedProviders,
  };
}

let counter = 0;
/** Container names unique per test, so parallel test files never touch each other's containers. */
export function uniqueName(): string {
  counter += 1;
  return `switchyard-test-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export function tempDir(prefix = 'switchyard-gw-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
