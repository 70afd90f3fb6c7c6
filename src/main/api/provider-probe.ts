import type { ProviderCheck, ProviderDraft, ProviderTarget } from '../../shared/api';
import { DEFAULT_BASE_URLS, type ProviderType, type SwitchyardConfig } from '../../shared/config';
import { SwitchyardError, type SerializedError } from '../../shared/errors';
import { envReferenceName } from '../config/resolve-config';
import { ANTHROPIC_VERSION } from '../providers/anthropic-messages';
import { errorFromResponse } from '../providers/provider-errors';

/**
 * "Test" and "Fetch models" for a provider: one GET of its models endpoint (OpenAI-compatible
 * `{base}/models`, Anthropic `{root}/v1/models`). The request goes to the provider's own base URL and
 * nowhere else: redirects are not followed, and a saved provider's key is sent only to its saved base URL
 * (an edited URL must come with its own key).
 */

export type ProbeFetch = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal; redirect: 'manual' },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

const PROBE_TIMEOUT_MS = 10_000;
const MAX_MODELS = 2000;

interface ProbeTarget {
  label: string;
  type: ProviderType;
  baseUrl: string;
  headers: Record<string, string>;
  apiKey?: string;
  /** A `$NAME` reference whose variable is not set: nothing is sent. */
  missingEnv?: string;
}

export function resolveProbeTarget(input: ProviderTarget, config: SwitchyardConfig, env: NodeJS.ProcessEnv): ProbeTarget {
  const saved = input.name === undefined ? undefined : config.providers[input.name];
  if (input.name !== undefined && !saved && !input.draft) {
    throw new SwitchyardError('PROVIDER_NOT_FOUND', `no provider named "${input.name}" is configured`, { details: { field: 'name' } });
  }
  if (!input.draft) {
    if (!saved) throw new SwitchyardError('VALIDATION_FAILED', 'give a provider name or a draft', { details: { field: 'name' } });
    return { label: saved.name, type: saved.type, baseUrl: saved.baseUrl, headers: saved.headers, ...(saved.apiKey ? { apiKey: saved.apiKey } : {}) };
  }
  const draft: ProviderDraft = input.draft;
  const baseUrl = draft.base_url ?? saved?.baseUrl ?? DEFAULT_BASE_URLS[draft.type];
  const target: ProbeTarget = { label: input.name ?? hostOf(baseUrl), type: draft.type, baseUrl, headers: { ...(draft.headers ?? {}) } };
  const key = draft.api_key?.trim();
  if (key) {
    const ref = envReferenceName(key);
    if (ref === undefined) target.apiKey = key;
    else if (env[ref]) target.apiKey = env[ref];
    else target.missingEnv = ref;
  } else if (saved?.apiKey && sameUrl(saved.baseUrl, baseUrl)) {
    target.apiKey = saved.apiKey;
  }
  return target;
}

export function modelsEndpoint(type: ProviderType, baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (type === 'openai') return `${trimmed}/models`;
  return `${/\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`}/models?limit=1000`;
}

/** Asks the models endpoint; failures come back in the result (with the provider's own reason), never thrown. */
export async function probeProvider(target: ProbeTarget, fetch: ProbeFetch, now: () => number = Date.now): Promise<ProviderCheck> {
  const url = modelsEndpoint(target.type, target.baseUrl);
  const failed = (error: SerializedError, latencyMs: number, status?: number): ProviderCheck => ({
    ok: false,
    url,
    latencyMs,
    models: [],
    message: error.message,
    code: error.code,
    ...(status !== undefined ? { status } : {}),
  });
  if (target.missingEnv) {
    return failed({ code: 'AUTH_FAILED', message: `$${target.missingEnv} is not set, so there is no key to send; nothing was sent`, retryable: false }, 0);
  }
  const started = now();
  let response: Awaited<ReturnType<ProbeFetch>>;
  let body: string;
  try {
    response = await fetch(url, { headers: probeHeaders(target), signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: 'manual' });
    body = await response.text();
  } catch (error) {
    const timedOut = (error as Error)?.name === 'TimeoutError';
    const reason = timedOut ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : networkReason(error);
    return failed({ code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR', message: `cannot reach ${target.label} at ${url}: ${reason}`, retryable: true }, now() - started);
  }
  const latencyMs = now() - started;
  const { status } = response;
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location') ?? 'elsewhere';
    return failed({ code: 'UPSTREAM_ERROR', message: `${target.label} answered HTTP ${status}, redirecting to ${location}; redirects are not followed`, retryable: false }, latencyMs, status);
  }
  if (status >= 400) {
    const error = errorFromResponse(status, body, response.headers.get('retry-after') ?? undefined, { url, target: target.label, now: now() });
    return failed({ code: error.code, message: error.message, retryable: error.retryable }, latencyMs, status);
  }
  const models = parseModelIds(body);
  if (!models) {
    return failed({ code: 'MALFORMED_RESPONSE', message: `${target.label} answered HTTP ${status}, but not with a model list ({"data": [...]})`, retryable: false }, latencyMs, status);
  }
  return {
    ok: true,
    url,
    status,
    latencyMs,
    models,
    message: `${target.label} answered HTTP ${status} in ${latencyMs} ms with ${models.length === 1 ? '1 model' : `${models.length} models`}`,
  };
}

function probeHeaders(target: ProbeTarget): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...target.headers };
  if (target.type === 'anthropic') {
    headers['anthropic-version'] = ANTHROPIC_VERSION;
    if (target.apiKey) headers['x-api-key'] = target.apiKey;
  } else if (target.apiKey) {
    headers.authorization = `Bearer ${target.apiKey}`;
  }
  return headers;
}

/** `{data: [{id}, ...]}` (OpenAI and Anthropic alike) → ids; anything else → undefined. */
function parseModelIds(body: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  const ids = data.map((m) => (m as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 200);
  return [...new Set(ids)].slice(0, MAX_MODELS);
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
