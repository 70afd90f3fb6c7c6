import { SwitchyardError, type ErrorCode } from '../../shared/errors';
import type { Redactor } from '../logging/redact';

export interface ErrorContext {
  url: string;
  /** Who answered: a provider name or `plano`. */
  target: string;
  /** Clock for Retry-After HTTP dates. */
  now: number;
}

/** The provider's own words, from any of the error bodies seen in the wild. */
export interface ProviderErrorInfo {
  message?: string;
  type?: string;
  code?: string;
  details?: unknown;
}

/**
 * How much provider text an error keeps. Applied once, by `redactProviderText` at the router's error
 * boundary, after redaction: everything before it keeps the provider's words whole.
 */
const MAX_MESSAGE_CHARS = 600;
const MAX_BODY_CHARS = 2000;
const MAX_DETAIL_CHARS = 500;

/**
 * Reads an error body defensively: OpenAI `{"error":{"message","type","param","code"}}`, Anthropic
 * `{"type":"error","error":{"type","message"}}`, Plano's `{"error":{"code","message","details"}}`,
 * `{"error":"text"}`, `{"message"|"detail":...}`, or plain text.
 */
export function parseProviderError(body: string): ProviderErrorInfo {
  const text = body.trim();
  if (text === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { message: text };
  }
  if (typeof json !== 'object' || json === null) return { message: text };
  const root = json as Record<string, unknown>;
  const inner = root.error;
  if (typeof inner === 'string') return { message: inner };
  if (typeof inner === 'object' && inner !== null) {
    const e = inner as Record<string, unknown>;
    const info: ProviderErrorInfo = {};
    if (typeof e.message === 'string') info.message = e.message;
    if (typeof e.type === 'string') info.type = e.type;
    if (typeof e.code === 'string' || typeof e.code === 'number') info.code = String(e.code);
    if (e.details !== undefined) info.details = e.details;
    return info;
  }
  if (typeof root.message === 'string') return { message: root.message };
  if (typeof root.detail === 'string') return { message: root.detail };
  return { message: text };
}

/**
 * Retry-After in delta-seconds or as an HTTP date, in ms from now. Unparseable → undefined.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The Vercel AI SDK's rule: 408, 409, 429 and 5xx are worth retrying. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The request is too long for the model's context window: OpenAI's `context_length_exceeded`, Anthropic's
 * "prompt is too long" / "exceed context limit", and the same words from OpenAI-compatible servers.
 */
function isContextWindowAnswer(status: number, info: ProviderErrorInfo, message: string | undefined): boolean {
  if (status !== 400 && status !== 413) return false;
  if (info.code === 'context_length_exceeded') return true;
  return /context length|context window|context limit|prompt is too long|maximum context|too many tokens/i.test(message ?? '');
}

/** An HTTP error answer from a provider or the gateway, as a SwitchyardError. */
export function errorFromResponse(
  status: number,
  body: string,
  retryAfterHeader: string | undefined,
  ctx: ErrorContext,
): SwitchyardError {
  const info = parseProviderError(body);
  const providerMessage = info.message ?? (body.trim() === '' ? undefined : body.trim());
  const details: Record<string, unknown> = { status, url: ctx.url, target: ctx.target };
  if (providerMessage !== undefined) details.providerMessage = providerMessage;
  if (info.type !== undefined) details.providerType = info.type;
  if (info.code !== undefined) details.providerCode = info.code;
  if (info.details !== undefined) details.providerDetails = info.details;
  if (body.length > 0) details.body = body;
  const said = providerMessage ? `: ${providerMessage}` : '';

  let code: ErrorCode = 'UPSTREAM_ERROR';
  let message = `${ctx.target} answered HTTP ${status}${said}`;
  if (status === 401 || status === 403) {
    code = 'AUTH_FAILED';
    message = `${ctx.target} rejected the credentials (HTTP ${status})${said}`;
  } else if (status === 429) {
    code = 'RATE_LIMITED';
    message = `${ctx.target} is rate limiting (HTTP 429)${said}`;
    const retryAfterMs = parseRetryAfter(retryAfterHeader, ctx.now);
    if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  } else if (status === 408) {
    code = 'TIMEOUT';
    details.timeout = 'upstream';
    message = `${ctx.target} timed out the request (HTTP 408)${said}`;
  } else if (status === 400 && /^Model '.*' not found in configured providers/.test(providerMessage ?? '')) {
    // Plano's answer when the gateway config lacks the model: a config mismatch, not a bad request.
    code = 'PROVIDER_NOT_FOUND';
    message = `${ctx.target} has no provider for this model${said}`;
  }
  if (isContextWindowAnswer(status, info, providerMessage)) details.contextWindow = true;
  if ((status === 503 || status === 529) && retryAfterHeader !== undefined) {
    const retryAfterMs = parseRetryAfter(retryAfterHeader, ctx.now);
    if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  }
  return new SwitchyardError(code, message, { retryable: isRetryableStatus(status), details });
}

/** A 3xx answer: reported with where it pointed (the host only: a Location may carry tokens), never followed. */
export function redirectRefused(status: number, location: string | undefined, ctx: ErrorContext): SwitchyardError {
  let host: string | undefined;
  try {
    if (location !== undefined) host = new URL(location, ctx.url).host;
  } catch {
    host = undefined;
  }
  const where = host === undefined ? 'a redirect without a usable Location' : `a redirect to ${host}`;
  return new SwitchyardError(
    'UPSTREAM_ERROR',
    `${ctx.target} answered HTTP ${status}, ${where}; Switchyard does not follow redirects (the request carries a key): check the base URL`,
    { retryable: false, details: { status, url: ctx.url, target: ctx.target, ...(host === undefined ? {} : { redirectHost: host }) } },
  );
}

export function malformed(what: string, details: Record<string, unknown> = {}): SwitchyardError {
  return new SwitchyardError('MALFORMED_RESPONSE', `Malformed response from provider: ${what}`, { retryable: false, details });
}

/**
 * The router's error boundary: every error leaves `executePlan` through here. Provider text in the message
 * and details (an echoed key is common in 401 bodies) is redacted, and only then cut to length, so a key
 * straddling a cut cannot leave a recognisable prefix behind.
 */
export function redactProviderText(error: SwitchyardError, redactor: Redactor): SwitchyardError {
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error.details)) {
    if (typeof value === 'string') details[key] = redactor.clip(value, key === 'body' ? MAX_BODY_CHARS : MAX_DETAIL_CHARS);
    else details[key] = redactor.redactData(value);
  }
  return new SwitchyardError(error.code, redactor.clip(error.message, MAX_MESSAGE_CHARS), {
    retryable: error.retryable,
    details,
    cause: error.cause,
  });
}
