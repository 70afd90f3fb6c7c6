import { z } from 'zod';
import { ROUTING_MODES } from './chat';

/**
 * The config file's schema (YAML, snake_case, as a user writes it). Shared so the renderer can validate
 * settings forms with the same rules. `resolveConfig` (main) turns it into the runtime shape.
 */

/** Plano's pinned release; its image tags are bare versions (no `v`). */
export const DEFAULT_PLANO_IMAGE = 'katanemo/plano:0.4.36';
export const DEFAULT_PLANO_PORT = 12000;

const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * The longest duration any setting takes. Well inside what a Node timer can hold (24.8 days): past that a
 * timer fires at once, and every request would time out the moment it started.
 */
export const MAX_DURATION_MS = 24 * 3_600_000;

/** `30s`, `1m`, `500ms`, `1.5h`; a bare number means seconds. Bounds are the schema's business. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  const m = DURATION_RE.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export const durationSchema = z.union([z.string(), z.number()]).superRefine((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'must be a duration such as 500ms, 30s, 1m or 1h' });
  else if (!(ms <= MAX_DURATION_MS)) ctx.addIssue({ code: 'custom', message: 'must be at most 24h' });
});

/** RFC 9110 field names (a token), and values without CR, LF, NUL or other control characters but tab. */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name is letters, digits and !#$%&\'*+-.^_`|~ (no spaces or line breaks)');
const headerValue = z.string().refine((value) => ![...value].some(isControlCharacter), 'a header value may not contain line breaks or control characters');

function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code < 0x20 && char !== '\t') || code === 0x7f;
}
const headersSchema = z.record(headerName, headerValue);

export const priceSchema = z.strictObject({
  /** USD per million input tokens. */
  input_per_mtok: z.number().nonnegative(),
  /** USD per million output tokens. */
  output_per_mtok: z.number().nonnegative(),
});

export const providerSchema = z.strictObject({
  type: z.enum(['openai', 'anthropic']),
  /** OpenAI-compatible: the URL that `/chat/completions` hangs off (usually ends in /v1). Anthropic: the host root. */
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  /** The key itself or a `$ENV_VAR` reference. */
  api_key: z.string().optional(),
  default_model: z.string().min(1).optional(),
  models: z.array(z.string().min(1)).default([]),
  headers: headersSchema.default({}),
  timeout: durationSchema.default('60s'),
  first_byte_timeout: durationSchema.default('30s'),
  /** Provider prefix Plano knows this provider by (openai, anthropic, groq, mistral, ollama, ...). */
  plano_provider: z.string().min(1).optional(),
  prices: z.record(z.string(), priceSchema).default({}),
  /** Direct mode: retries of a transient failure before the first token (default 2)... */
  retry_count: z.number().int().min(0).max(10).optional(),
  /** ...after exponential backoff from this base with full jitter (default 250ms)... */
  backoff_base: durationSchema.optional(),
  /** ...capped at this (default 8s). */
  backoff_max: durationSchema.optional(),
  /** A Retry-After longer than this is not waited out: the request fails over or fails (default 60s). */
  retry_after_max: durationSchema.optional(),
  /** Requests in a row that failed transiently (after their retries) before the provider cools down (default 3; 0: never). */
  cooldown_after: z.number().int().min(0).max(1000).optional(),
  /** How long it cools down before one request probes it again (default 30s). */
  cooldown: durationSchema.optional(),
});

export const planoProxySchema = z.strictObject({
  base_url: z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${DEFAULT_PLANO_PORT}`),
  api_key: z.string().optional(),
  timeout: durationSchema.default('30s'),
  first_byte_timeout: durationSchema.default('15s'),
  retry_count: z.number().int().min(0).max(10).default(3),
  headers: headersSchema.default({}),
  /** Retry backoff: exponential from this base with full jitter (default 250ms)... */
  backoff_base: durationSchema.optional(),
  /** ...capped at this (default 8s). Retry-After from the server wins when it asks for longer... */
  backoff_max: durationSchema.optional(),
  /** ...up to this (default 60s, or backoff_max if longer); a longer one fails the request instead. */
  retry_after_max: durationSchema.optional(),
});

export const planoEmbeddedSchema = z.strictObject({
  image: z.string().min(1).default(DEFAULT_PLANO_IMAGE),
  container_name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/).default('switchyard-plano'),
  port: z.union([z.number().int().min(1).max(65535), z.literal('auto')]).default(DEFAULT_PLANO_PORT),
  health_endpoint: z.string().startsWith('/').default('/healthz'),
  readiness_endpoint: z.string().startsWith('/').default('/v1/models'),
  health_interval: durationSchema.default('10s'),
  start_timeout: durationSchema.default('120s'),
  max_restarts: z.number().int().min(0).max(100).default(3),
  fallback: z.boolean().default(true),
  /** How long the gateway must stay healthy before traffic moves back from Direct. */
  recovery_hold: durationSchema.default('10s'),
  /** Container network mode; empty means the engine's default. */
  network: z.string().default(''),
  env: z.record(z.string(), z.string()).default({}),
  /** Docker API endpoint (unix socket path or tcp URL); empty means DOCKER_HOST or the default socket. */
  docker_host: z.string().default(''),
  timeout: durationSchema.default('60s'),
  /** No first byte from the gateway this soon (streaming) and the request goes to Direct, if fallback is on. */
  first_byte_timeout: durationSchema.default('5s'),
});

/** The router's connection pool per origin; every key optional (defaults in resolveConfig). */
export const connectionsSchema = z.strictObject({
  /** Requests in flight to one origin at once (each holds a connection); past it, RATE_LIMITED. Default 1024. */
  max_per_origin: z.number().int().min(1).max(65_536).optional(),
  /** Connections kept open between requests. Default 10. */
  idle_per_origin: z.number().int().min(0).max(1024).optional(),
  /** How long an unused connection stays open. Default 90s. */
  idle_timeout: durationSchema.optional(),
});

/** `provider/model`, the provider one of `providers`. */
const modelRef = z.string().regex(/^[A-Za-z0-9_-]+\/\S+$/, 'must be provider/model, with a provider named in providers');
/** A fallback chain's key: `provider/model`, or `provider/*` for every model of that provider. */
const fallbackKey = z.string().regex(/^[A-Za-z0-9_-]+\/\S+$/, 'must be provider/model or provider/*, with a provider named in providers');

export const routingSchema = z.strictObject({
  mode: z.enum(ROUTING_MODES).default('direct'),
  /** Off: no fallback of any kind (model fallbacks, embedded to Direct). */
  enable_fallback: z.boolean().default(true),
  /** `openai/gpt-4o-mini: [anthropic/claude-3-5-haiku-latest]`: tried in order when the first fails before its first token. */
  fallbacks: z.record(fallbackKey, z.array(modelRef).min(1).max(5)).optional(),
  /** Also fall back when a request is too long for the model's context window (default false). */
  fallback_on_context_window: z.boolean().optional(),
  connections: connectionsSchema.optional(),
  plano_proxy: planoProxySchema.default(() => planoProxySchema.parse({})),
  plano_embedded: planoEmbeddedSchema.default(() => planoEmbeddedSchema.parse({})),
});

/** The desktop app's own preferences (the Electron shell reads them; browser mode ignores them). */
export const desktopSchema = z.strictObject({
  /** A desktop notification when embedded mode falls back to Direct and when it recovers. */
  notifications: z.boolean().default(true),
});

/** The local endpoint's default port (free of the usual local LLM servers: LM Studio 1234, Ollama 11434, LiteLLM 4000). */
export const DEFAULT_ENDPOINT_PORT = 8741;
/** Outside clients' requests in flight at once; the app's own chats have their own, lower cap. */
export const DEFAULT_ENDPOINT_MAX_IN_FLIGHT = 1024;

/** What a client may send as `model` and have Switchyard read as another: `fast: openai/gpt-4o-mini`. */
const aliasName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/, 'an alias is letters, digits and . _ : @ - (no slash)');

/** The local OpenAI- and Anthropic-compatible endpoint other tools on the machine route through. */
export const endpointSchema = z.strictObject({
  enabled: z.boolean().default(false),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65535).default(DEFAULT_ENDPOINT_PORT),
  /** Required to listen on an address other than loopback: the endpoint would be reachable from the network. */
  allow_remote: z.boolean().default(false),
  aliases: z.record(aliasName, modelRef).default({}),
  max_in_flight: z.number().int().min(1).max(65_536).default(DEFAULT_ENDPOINT_MAX_IN_FLIGHT),
});

/** The Traffic view's log: in memory while the app runs, unless `persist` keeps it (bodies too) in the data folder. */
export const trafficSchema = z.strictObject({
  persist: z.boolean().default(false),
});

export const configFileSchema = z.strictObject({
  routing: routingSchema.default(() => routingSchema.parse({})),
  providers: z.record(z.string().regex(/^[a-zA-Z0-9_-]+$/, 'provider names use letters, digits, - and _'), providerSchema).default({}),
  desktop: desktopSchema.default(() => desktopSchema.parse({})),
  endpoint: endpointSchema.default(() => endpointSchema.parse({})),
  traffic: trafficSchema.default(() => trafficSchema.parse({})),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ConfigFileInput = z.input<typeof configFileSchema>;
export type ProviderFileEntry = z.infer<typeof providerSchema>;
export type PlanoProxyFileSection = z.infer<typeof planoProxySchema>;
export type PlanoEmbeddedFileSection = z.infer<typeof planoEmbeddedSchema>;
export type EndpointFileSection = z.infer<typeof endpointSchema>;
