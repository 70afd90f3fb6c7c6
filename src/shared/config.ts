import type { RoutingMode } from './chat';

/** Runtime configuration: durations in ms, `$ENV` references resolved, camelCase. Built by main's resolveConfig. */

export type ProviderType = 'openai' | 'anthropic';

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * How transient failures (connection errors, timeouts, 408, 429, 5xx) are retried before the first token:
 * exponential backoff with full jitter, Retry-After honoured up to a cap. The Plano proxy and every
 * provider in Direct use the same policy.
 */
export interface RetrySettings {
  /** Retries after the first attempt (0 = try once). */
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A Retry-After longer than this is not waited out: the request fails over to a fallback (or fails). */
  maxRetryAfterMs: number;
}

/**
 * A provider that keeps failing cools down (a circuit breaker): after `afterFailures` requests in a row that
 * failed transiently (each after its own retries) it is skipped for `durationMs` (or as long as its last Retry-After asked, if longer), then one request
 * probes it; a success closes the breaker, a failure opens it again. `afterFailures: 0` turns it off.
 */
export interface CooldownSettings {
  afterFailures: number;
  durationMs: number;
}

export const DEFAULT_PROVIDER_RETRY: Readonly<RetrySettings> = Object.freeze({ maxRetries: 2, backoffBaseMs: 250, backoffMaxMs: 8_000, maxRetryAfterMs: 60_000 });
export const DEFAULT_COOLDOWN: Readonly<CooldownSettings> = Object.freeze({ afterFailures: 3, durationMs: 30_000 });

export interface ProviderConfig {
  name: string;
  type: ProviderType;
  baseUrl: string;
  apiKey?: string;
  /** The `$ENV_VAR` name the key came from, if any (embedded mode passes keys to the container by name). */
  apiKeyEnv?: string;
  defaultModel?: string;
  models: string[];
  headers: Record<string, string>;
  timeoutMs: number;
  firstByteTimeoutMs: number;
  planoProvider: string;
  prices: Record<string, ModelPrice>;
  /** Direct mode's retries for this provider; DEFAULT_PROVIDER_RETRY when absent. */
  retry?: RetrySettings;
  /** DEFAULT_COOLDOWN when absent. */
  cooldown?: CooldownSettings;
}

export interface PlanoProxyConfig {
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  firstByteTimeoutMs: number;
  retryCount: number;
  headers: Record<string, string>;
  /** Backoff base and cap; exponential with full jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** The longest Retry-After waited out; default the larger of 60 s and `backoffMaxMs`. */
  retryAfterMaxMs?: number;
}

export interface PlanoEmbeddedConfig {
  image: string;
  containerName: string;
  port: number | 'auto';
  healthEndpoint: string;
  readinessEndpoint: string;
  healthIntervalMs: number;
  startTimeoutMs: number;
  maxRestarts: number;
  fallback: boolean;
  recoveryHoldMs: number;
  network: string;
  env: Record<string, string>;
  dockerHost: string;
  timeoutMs: number;
  firstByteTimeoutMs: number;
}

/** The router's HTTP connections, per origin (provider or gateway). */
export interface ConnectionsConfig {
  /** Requests in flight at once; past it a request fails with RATE_LIMITED instead of queueing. */
  maxPerOrigin: number;
  /** Sockets kept open between requests... */
  idlePerOrigin: number;
  /** ...for this long. */
  idleTimeoutMs: number;
}

export interface RoutingConfig {
  mode: RoutingMode;
  /** Off: no fallback of any kind (model fallbacks, embedded to Direct). */
  enableFallback: boolean;
  /**
   * Ordered fallbacks per model: `provider/model` (or `provider/*` for every model of a provider) → the
   * `provider/model`s to try, in order, when it fails before its first token. Not transitive.
   */
  fallbacks?: Record<string, string[]>;
  /** Also fall back when the provider says the request is too long for the model's context window. */
  contextWindowFallback?: boolean;
  /** Defaults: 1024 in flight, 10 idle for 90 s. */
  connections?: ConnectionsConfig;
  planoProxy: PlanoProxyConfig;
  planoEmbedded: PlanoEmbeddedConfig;
}

export interface SwitchyardConfig {
  routing: RoutingConfig;
  providers: Record<string, ProviderConfig>;
}

export const DEFAULT_BASE_URLS: Record<ProviderType, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
};
