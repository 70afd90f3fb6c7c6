/**
 * Builders for a runtime SwitchyardConfig in tests (the YAML loader lives in src/main/config), and a
 * clock whose sleeps return at once but are recorded, so backoff and Retry-After are asserted exactly.
 */
import type { PlanoProxyConfig, ProviderConfig, RoutingConfig, SwitchyardConfig } from '../../src/shared/config';
import { DEFAULT_PLANO_IMAGE } from '../../src/shared/config-schema';
import { SwitchyardError } from '../../src/shared/errors';
import type { Clock } from '../../src/main/timing/clock';

export function provider(name: string, type: 'openai' | 'anthropic', baseUrl: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    name,
    type,
    baseUrl,
    apiKey: type === 'anthropic' ? 'sk-ant-test' : 'sk-test',
    defaultModel: type === 'anthropic' ? 'claude-mock' : 'gpt-4o-mock',
    models: [],
    headers: {},
    timeoutMs: 10_000,
    firstByteTimeoutMs: 5_000,
    planoProvider: type,
    prices: {},
    ...overrides,
  };
}

export function makeConfig(
  providers: ProviderConfig[],
  routing: Partial<Omit<RoutingConfig, 'planoProxy'>> & { planoProxy?: Partial<PlanoProxyConfig> } = {},
): SwitchyardConfig {
  const { planoProxy, ...rest } = routing;
  return {
    routing: {
      mode: 'direct',
      enableFallback: true,
      planoProxy: {
        baseUrl: 'http://127.0.0.1:12000',
        timeoutMs: 10_000,
        firstByteTimeoutMs: 5_000,
        retryCount: 3,
        headers: {},
        backoffBaseMs: 100,
        backoffMaxMs: 2_000,
        ...planoProxy,
      },
      planoEmbedded: {
        image: DEFAULT_PLANO_IMAGE,
        containerName: 'switchyard-plano-test',
        port: 12000,
        healthEndpoint: '/healthz',
        readinessEndpoint: '/v1/models',
        healthIntervalMs: 10_000,
        startTimeoutMs: 120_000,
        maxRestarts: 3,
        fallback: true,
        recoveryHoldMs: 10_000,
        network: '',
        env: {},
        dockerHost: '',
        timeoutMs: 60_000,
        firstByteTimeoutMs: 30_000,
      },
      ...rest,
    },
    providers: Object.fromEntries(providers.map((p) => [p.name, p])),
  };
}

export interface RecordingClock extends Clock {
  /** Every sleep asked for, in ms. */
  sleeps: number[];
  /** Moves wall time on (pinning it first if it was not): cooldowns end without waiting. */
  advance(ms: number): void;
}

/** Real time for timestamps and durations; sleeps are recorded and skipped. `nowMs` pins wall time. */
export function recordingClock(nowMs?: number): RecordingClock {
  const sleeps: number[] = [];
  let pinned = nowMs;
  return {
    sleeps,
    advance: (ms) => {
      pinned = (pinned ?? Date.now()) + ms;
    },
    now: () => pinned ?? Date.now(),
    monotonic: () => performance.now(),
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw new SwitchyardError('CANCELLED', 'The request was cancelled');
    },
  };
}
