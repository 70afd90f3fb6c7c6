import type { ConfigProblem } from '../../shared/api';
import { parseDuration, type ConfigFile, type ProviderFileEntry } from '../../shared/config-schema';
import {
  DEFAULT_BASE_URLS,
  DEFAULT_COOLDOWN,
  DEFAULT_PROVIDER_RETRY,
  type ConnectionsConfig,
  type PlanoEmbeddedConfig,
  type PlanoProxyConfig,
  type ProviderConfig,
  type SwitchyardConfig,
} from '../../shared/config';
import { planoConfigProblems } from '../gateway/plano-config';
import { DEFAULT_IDLE_CONNECTIONS_PER_ORIGIN, DEFAULT_KEEP_ALIVE_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS_PER_ORIGIN } from '../http/dispatcher';
import { isLoopbackHost } from '../security/request-guard';

/**
 * ConfigFile (YAML shape, as validated) → SwitchyardConfig (runtime shape): durations in ms, `$ENV` keys
 * resolved from the environment, defaults filled in. Pure: the environment is a parameter.
 */

/** Provider prefixes Plano's gateway knows (the `provider/` part of `provider/model`). */
export const PLANO_PROVIDERS = [
  'openai', 'anthropic', 'azure_openai', 'deepseek', 'groq', 'mistral', 'gemini', 'together_ai', 'ollama',
  'xai', 'openrouter', 'moonshotai', 'zhipu', 'qwen', 'amazon_bedrock',
] as const;

/** Common names users give providers that Plano spells differently. */
const PLANO_ALIASES: Record<string, string> = {
  together: 'together_ai',
  google: 'gemini',
  grok: 'xai',
  bedrock: 'amazon_bedrock',
  azure: 'azure_openai',
  moonshot: 'moonshotai',
};

/**
 * Where well-known OpenAI-compatible providers live. Used when `base_url` is omitted so that a provider
 * named `groq` never sends its key to api.openai.com just because its type is `openai`.
 */
export const WELL_KNOWN_BASE_URLS: Record<string, string> = {
  groq: 'https://api.groq.com/openai/v1',
  mistral: 'https://api.mistral.ai/v1',
  deepseek: 'https://api.deepseek.com/v1',
  together_ai: 'https://api.together.xyz/v1',
  openrouter: 'https://openrouter.ai/api/v1',
  xai: 'https://api.x.ai/v1',
  gemini: 'https://generativelanguage.googleapis.com/v1beta/openai',
  ollama: 'http://127.0.0.1:11434/v1',
};

/** Exponential backoff for proxy retries (full jitter): base 250 ms, capped at 8 s. */
export const DEFAULT_BACKOFF_BASE_MS = 250;
export const DEFAULT_BACKOFF_MAX_MS = 8_000;

const ENV_NAME = '[A-Za-z_][A-Za-z0-9_]*';
const WHOLE_REFERENCE = new RegExp(`^\\$(?:(${ENV_NAME})|\\{(${ENV_NAME})\\})$`);
const EMBEDDED_REFERENCE = new RegExp(`\\$\\{(${ENV_NAME})\\}`, 'g');

/** `$NAME` or `${NAME}` → `NAME`; anything else → undefined (a literal value). */
export function envReferenceName(value: string): string | undefined {
  const m = WHOLE_REFERENCE.exec(value.trim());
  return m ? (m[1] ?? m[2]) : undefined;
}

export interface ResolvedSecret {
  value?: string;
  /** Set when the value was a `$ENV` reference, even if the variable is unset. */
  envName?: string;
}

/** A key field: a literal, or a reference resolved from `env` (unset or empty → value undefined). */
export function resolveSecret(raw: string | undefined, env: NodeJS.ProcessEnv): ResolvedSecret {
  if (raw === undefined || raw === '') return {};
  const name = envReferenceName(raw);
  if (name === undefined) return { value: raw };
  const value = env[name];
  return value === undefined || value === '' ? { envName: name } : { value, envName: name };
}

/**
 * Header values may be a whole reference (`$TOKEN`) or embed `${TOKEN}` in text (`Bearer ${TOKEN}`).
 * A header whose variable is unset is dropped rather than sent half-filled.
 */
export function resolveHeaders(headers: Record<string, string>, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const whole = envReferenceName(raw);
    if (whole !== undefined) {
      const value = env[whole];
      if (value !== undefined && value !== '') out[name] = value;
      continue;
    }
    let missing = false;
    const value = raw.replace(EMBEDDED_REFERENCE, (_, ref: string) => {
      const v = env[ref];
      if (v === undefined || v === '') missing = true;
      return v ?? '';
    });
    if (!missing) out[name] = value;
  }
  return out;
}

/**
 * Checks the schema cannot express: values that start like a `$ENV` reference but are not one (`$1KEY`,
 * `${OPENAI_KEY`: almost always a typo), and a backoff cap below its base.
 */
export function semanticProblems(file: ConfigFile): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const checkBackoff = (path: string, { backoff_base: base, backoff_max: max }: { backoff_base?: string | number | undefined; backoff_max?: string | number | undefined }): void => {
    const baseMs = base === undefined ? DEFAULT_BACKOFF_BASE_MS : parseDuration(base);
    const maxMs = max === undefined ? DEFAULT_BACKOFF_MAX_MS : parseDuration(max);
    if (baseMs !== undefined && maxMs !== undefined && maxMs < baseMs) {
      problems.push({ path: `${path}.backoff_max`, message: `must not be shorter than backoff_base (${baseMs} ms)` });
    }
  };
  checkBackoff('routing.plano_proxy', file.routing.plano_proxy);
  for (const [name, provider] of Object.entries(file.providers)) checkBackoff(`providers.${name}`, provider);
  const checkKey = (path: string, raw: string | undefined): void => {
    if (raw !== undefined && raw.trim().startsWith('$') && envReferenceName(raw) === undefined) {
      problems.push({ path, message: 'looks like an environment variable reference but is malformed: write $NAME or ${NAME}' });
    }
  };
  const checkHeaders = (path: string, headers: Record<string, string>): void => {
    for (const [name, raw] of Object.entries(headers)) {
      const stripped = raw.replace(EMBEDDED_REFERENCE, '');
      if (stripped.includes('${')) problems.push({ path: `${path}.${name}`, message: 'unclosed ${NAME} reference' });
    }
  };
  checkKey('routing.plano_proxy.api_key', file.routing.plano_proxy.api_key);
  checkHeaders('routing.plano_proxy.headers', file.routing.plano_proxy.headers);
  for (const [name, provider] of Object.entries(file.providers)) {
    checkKey(`providers.${name}.api_key`, provider.api_key);
    checkHeaders(`providers.${name}.headers`, provider.headers);
  }
  const checkProvider = (path: string, ref: string): void => {
    const provider = ref.slice(0, ref.indexOf('/'));
    if (!Object.hasOwn(file.providers, provider)) {
      problems.push({ path, message: `'${provider}' is not a configured provider (configured: ${Object.keys(file.providers).join(', ') || 'none'})` });
    }
  };
  for (const [alias, target] of Object.entries(file.endpoint.aliases)) checkProvider(`endpoint.aliases.${alias}`, target);
  for (const [from, chain] of Object.entries(file.routing.fallbacks ?? {})) {
    const path = `routing.fallbacks.${from}`;
    checkProvider(path, from);
    chain.forEach((to, i) => {
      checkProvider(`${path}.${i}`, to);
      if (to === from) problems.push({ path: `${path}.${i}`, message: 'a model cannot be its own fallback' });
      else if (chain.indexOf(to) !== i) problems.push({ path: `${path}.${i}`, message: `${to} is already in this chain` });
    });
  }
  if (!file.endpoint.allow_remote && !isLoopbackHost(file.endpoint.host)) {
    problems.push({ path: 'endpoint.host', message: `${file.endpoint.host} is not a loopback address: set allow_remote: true to make the endpoint reachable from the network` });
  }
  // Embedded mode: what Plano cannot express is reported now, not when a container refuses to start.
  if (file.routing.mode === 'plano_embedded' && problems.length === 0) problems.push(...planoConfigProblems(resolveConfig(file, REFERENCES_SET)));
  return problems;
}

/** An environment in which every `$NAME` is set: problems must not depend on which keys are exported yet. */
const REFERENCES_SET: NodeJS.ProcessEnv = new Proxy({}, { get: (_target, name) => (typeof name === 'string' ? 'set' : undefined) });

/** Plano's name for a provider: explicit `plano_provider`, else the provider's own name if Plano knows it, else its type. */
export function planoProviderFor(name: string, entry: Pick<ProviderFileEntry, 'type' | 'plano_provider'>): string {
  if (entry.plano_provider) return entry.plano_provider;
  const lower = name.toLowerCase();
  if ((PLANO_PROVIDERS as readonly string[]).includes(lower)) return lower;
  return PLANO_ALIASES[lower] ?? entry.type;
}

function defaultBaseUrl(name: string, entry: ProviderFileEntry): string {
  const known = WELL_KNOWN_BASE_URLS[planoProviderFor(name, entry)];
  if (known && entry.type === 'openai') return known;
  return DEFAULT_BASE_URLS[entry.type];
}

/** Durations were validated by the schema; a fallback only guards against a hand-built ConfigFile. */
function ms(value: string | number, fallbackMs: number): number {
  return parseDuration(value) ?? fallbackMs;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function resolveProvider(name: string, entry: ProviderFileEntry, env: NodeJS.ProcessEnv): ProviderConfig {
  const key = resolveSecret(entry.api_key, env);
  const provider: ProviderConfig = {
    name,
    type: entry.type,
    baseUrl: trimSlash(entry.base_url ?? defaultBaseUrl(name, entry)),
    models: [...entry.models],
    headers: resolveHeaders(entry.headers, env),
    timeoutMs: ms(entry.timeout, 60_000),
    firstByteTimeoutMs: ms(entry.first_byte_timeout, 30_000),
    planoProvider: planoProviderFor(name, entry),
    prices: Object.fromEntries(
      Object.entries(entry.prices).map(([model, p]) => [model, { inputPerMTok: p.input_per_mtok, outputPerMTok: p.output_per_mtok }]),
    ),
  };
  const backoffBaseMs = entry.backoff_base === undefined ? DEFAULT_PROVIDER_RETRY.backoffBaseMs : ms(entry.backoff_base, DEFAULT_PROVIDER_RETRY.backoffBaseMs);
  provider.retry = {
    maxRetries: entry.retry_count ?? DEFAULT_PROVIDER_RETRY.maxRetries,
    backoffBaseMs,
    // A cap below the base would make every delay the cap; the semantic check reports it, this keeps it sane.
    backoffMaxMs: Math.max(backoffBaseMs, entry.backoff_max === undefined ? DEFAULT_PROVIDER_RETRY.backoffMaxMs : ms(entry.backoff_max, DEFAULT_PROVIDER_RETRY.backoffMaxMs)),
    maxRetryAfterMs: entry.retry_after_max === undefined ? DEFAULT_PROVIDER_RETRY.maxRetryAfterMs : ms(entry.retry_after_max, DEFAULT_PROVIDER_RETRY.maxRetryAfterMs),
  };
  provider.cooldown = {
    afterFailures: entry.cooldown_after ?? DEFAULT_COOLDOWN.afterFailures,
    durationMs: entry.cooldown === undefined ? DEFAULT_COOLDOWN.durationMs : ms(entry.cooldown, DEFAULT_COOLDOWN.durationMs),
  };
  if (key.value !== undefined) provider.apiKey = key.value;
  if (key.envName !== undefined) provider.apiKeyEnv = key.envName;
  if (entry.default_model !== undefined) provider.defaultModel = entry.default_model;
  else if (entry.models[0] !== undefined) provider.defaultModel = entry.models[0];
  return provider;
}

export function resolveConfig(file: ConfigFile, env: NodeJS.ProcessEnv = process.env): SwitchyardConfig {
  const proxyFile = file.routing.plano_proxy;
  const proxyKey = resolveSecret(proxyFile.api_key, env);
  const planoProxy: PlanoProxyConfig = {
    baseUrl: trimSlash(proxyFile.base_url),
    timeoutMs: ms(proxyFile.timeout, 30_000),
    firstByteTimeoutMs: ms(proxyFile.first_byte_timeout, 15_000),
    retryCount: proxyFile.retry_count,
    headers: resolveHeaders(proxyFile.headers, env),
    backoffBaseMs: proxyFile.backoff_base === undefined ? DEFAULT_BACKOFF_BASE_MS : ms(proxyFile.backoff_base, DEFAULT_BACKOFF_BASE_MS),
    backoffMaxMs: proxyFile.backoff_max === undefined ? DEFAULT_BACKOFF_MAX_MS : ms(proxyFile.backoff_max, DEFAULT_BACKOFF_MAX_MS),
  };
  // A cap below the base would make every delay the cap; the semantic check reports it, this keeps it sane.
  planoProxy.backoffMaxMs = Math.max(planoProxy.backoffMaxMs, planoProxy.backoffBaseMs);
  if (proxyFile.retry_after_max !== undefined) planoProxy.retryAfterMaxMs = ms(proxyFile.retry_after_max, 60_000);
  if (proxyKey.value !== undefined) planoProxy.apiKey = proxyKey.value;

  const e = file.routing.plano_embedded;
  const planoEmbedded: PlanoEmbeddedConfig = {
    image: e.image,
    containerName: e.container_name,
    port: e.port,
    healthEndpoint: e.health_endpoint,
    readinessEndpoint: e.readiness_endpoint,
    healthIntervalMs: ms(e.health_interval, 10_000),
    startTimeoutMs: ms(e.start_timeout, 120_000),
    maxRestarts: e.max_restarts,
    fallback: e.fallback,
    recoveryHoldMs: ms(e.recovery_hold, 10_000),
    network: e.network,
    env: { ...e.env },
    dockerHost: e.docker_host,
    timeoutMs: ms(e.timeout, 60_000),
    firstByteTimeoutMs: ms(e.first_byte_timeout, 5_000),
  };

  const providers: Record<string, ProviderConfig> = {};
  for (const [name, entry] of Object.entries(file.providers)) providers[name] = resolveProvider(name, entry, env);

  const c = file.routing.connections ?? {};
  const connections: ConnectionsConfig = {
    maxPerOrigin: c.max_per_origin ?? DEFAULT_MAX_CONNECTIONS_PER_ORIGIN,
    idlePerOrigin: c.idle_per_origin ?? DEFAULT_IDLE_CONNECTIONS_PER_ORIGIN,
    idleTimeoutMs: c.idle_timeout === undefined ? DEFAULT_KEEP_ALIVE_TIMEOUT_MS : ms(c.idle_timeout, DEFAULT_KEEP_ALIVE_TIMEOUT_MS),
  };

  const routing: SwitchyardConfig['routing'] = { mode: file.routing.mode, enableFallback: file.routing.enable_fallback, connections, planoProxy, planoEmbedded };
  if (file.routing.fallbacks !== undefined) routing.fallbacks = structuredClone(file.routing.fallbacks);
  if (file.routing.fallback_on_context_window !== undefined) routing.contextWindowFallback = file.routing.fallback_on_context_window;
  return { routing, providers };
}
