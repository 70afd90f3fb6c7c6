import type { ErrorCode, SerializedError } from '../../shared/errors';

/**
 * Failures in each API's own error format and status, so the clients' own handling works: the OpenAI SDK
 * and the Anthropic SDK retry what is worth retrying (429, 5xx), wait as long as Retry-After says, and
 * give up on the rest (`x-should-retry` tells both SDKs which is which, whatever the status).
 */

export type WireApi = 'openai' | 'anthropic';

const STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHORIZED: 401,
  INVALID_REQUEST: 400,
  VALIDATION_FAILED: 400,
  PROVIDER_NOT_FOUND: 404,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  // The provider refused the key Switchyard holds for it: not the client's key, so not a 401 to the client.
  AUTH_FAILED: 502,
  MALFORMED_RESPONSE: 502,
  NETWORK_ERROR: 502,
  CONTAINER_FAILED: 503,
  COOLING_DOWN: 503,
  HEALTH_CHECK_FAILED: 503,
  // nginx's "client closed request": nobody reads it, but the Traffic log shows it.
  CANCELLED: 499,
  STORAGE_FAILED: 507,
};

/** The HTTP status a failure reaches the client with. An upstream's own 4xx/5xx answer is passed on. */
export function httpStatusOf(error: SerializedError): number {
  const upstream = error.details?.status;
  if (error.code === 'UPSTREAM_ERROR') {
    return typeof upstream === 'number' && upstream >= 400 && upstream <= 599 && upstream !== 401 && upstream !== 403 && upstream !== 407 ? upstream : 502;
  }
  if (error.code === 'TIMEOUT') return upstream === 408 ? 408 : 504;
  if (error.details?.tooLarge === true) return 413;
  return STATUS[error.code] ?? 500;
}

/** Retry-After (seconds, and OpenAI's retry-after-ms) when the upstream said how long, and whether to retry at all. */
export function retryHeaders(error: SerializedError): Record<string, string> {
  const headers: Record<string, string> = { 'x-should-retry': error.retryable ? 'true' : 'false' };
  const ms = error.details?.retryAfterMs;
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) {
    headers['retry-after'] = String(Math.ceil(ms / 1000));
    headers['retry-after-ms'] = String(Math.round(ms));
  }
  return headers;
}

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const OPENAI_CODES: Partial<Record<ErrorCode, string>> = {
  UNAUTHORIZED: 'invalid_api_key',
  PROVIDER_NOT_FOUND: 'model_not_found',
  RATE_LIMITED: 'rate_limit_exceeded',
};

export function errorBody(api: WireApi, error: SerializedError, status: number): Record<string, unknown> {
  if (api === 'anthropic') {
    return { type: 'error', error: { type: ANTHROPIC_TYPES[status] ?? (status === 503 ? 'overloaded_error' : status >= 500 ? 'api_error' : 'invalid_request_error'), message: error.message } };
  }
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return {
    error: {
      message: error.message,
      type,
      param: openAIParam(error),
      code: OPENAI_CODES[error.code] ?? error.code.toLowerCase(),
    },
  };
}

/** The field at fault, in OpenAI's own names (our request model calls some of them otherwise). */
function openAIParam(error: SerializedError): string | null {
  const wire = error.details?.wireField;
  if (typeof wire === 'string') return wire;
  const field = error.details?.field;
  return typeof field === 'string' && field !== '' ? toOpenAIField(field) : null;
}

const OPENAI_NAMES: [RegExp, string][] = [
  [/^additionalParams\./, ''],
  [/^maxTokens\b/, 'max_tokens'],
  [/^topP\b/, 'top_p'],
  [/^frequencyPenalty\b/, 'frequency_penalty'],
  [/^presencePenalty\b/, 'presence_penalty'],
  [/^parallelToolCalls\b/, 'parallel_tool_calls'],
  [/^toolChoice\.name\b/, 'tool_choice.function.name'],
  [/^toolChoice\b/, 'tool_choice'],
  [/^responseFormat\.(schema|name|description|strict)\b/, 'response_format.json_schema.$1'],
  [/^responseFormat\b/, 'response_format'],
  [/^(tools\[\d+\])\.(name|description|parameters|strict)\b/, '$1.function.$2'],
  [/\.toolCalls(\[\d+\])\.(name|arguments)\b/, '.tool_calls$1.function.$2'],
  [/\.toolCalls\b/, '.tool_calls'],
  [/\.toolCallId\b/, '.tool_call_id'],
  [/(\.content\[\d+\])\.(url|detail)\b/, '$1.image_url.$2'],
];

export function toOpenAIField(field: string): string {
  let out = field;
  for (const [pattern, replacement] of OPENAI_NAMES) out = out.replace(pattern, replacement);
  return out;
}
