import type { RoutingMode } from './chat';

/** Runtime configuration: durations in ms, `$ENV` references resolved, camelCase. Built by main's resolveConfig. */

export type ProviderType = 'openai' | 'anthropic';

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

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
  enableFallback: boolean;
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
