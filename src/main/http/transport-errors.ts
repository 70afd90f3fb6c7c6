import { SwitchyardError } from '../../shared/errors';

export type TimeoutKind = 'first_byte' | 'overall' | 'connect';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
]);

export function timeoutError(kind: TimeoutKind, ms: number | undefined, url: string): SwitchyardError {
  const what = kind === 'first_byte' ? 'no response headers' : kind === 'connect' ? 'could not connect' : 'the request did not finish';
  return new SwitchyardError('TIMEOUT', `Timed out (${kind.replace('_', '-')}): ${what}${ms === undefined ? '' : ` within ${ms} ms`} from ${url}`, {
    retryable: true,
    details: { timeout: kind, ...(ms === undefined ? {} : { timeoutMs: ms }), url },
  });
}

export function cancelledError(url: string): SwitchyardError {
  return new SwitchyardError('CANCELLED', 'The request was cancelled', { retryable: false, details: { url } });
}

export function bodyTooLarge(url: string, limitBytes: number): SwitchyardError {
  return new SwitchyardError('MALFORMED_RESPONSE', `The response body from ${url} is larger than ${limitBytes} bytes, the most Switchyard reads; it was not read to the end`, {
    retryable: false,
    details: { url, limitBytes, reason: 'body_too_large' },
  });
}

/** The Node/undici error code of a failure, looking through `cause` chains (fetch-style wrapping). */
export function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED' && code !== 'ABORT_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps a transport failure (undici or Node socket error) to a stable code. */
export function mapTransportError(error: unknown, url: string): SwitchyardError {
  if (error instanceof SwitchyardError) return error;
  const code = errorCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return timeoutError('connect', undefined, url);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return timeoutError('first_byte', undefined, url);
  if (code === 'UND_ERR_BODY_TIMEOUT') return timeoutError('overall', undefined, url);
  if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_URL') {
    return new SwitchyardError('INVALID_REQUEST', `Cannot send to ${url}: ${message}`, { retryable: false, details: { url, cause: code } });
  }
  const known = code !== undefined && NETWORK_CODES.has(code);
  return new SwitchyardError('NETWORK_ERROR', `Network error talking to ${url}: ${message}${code && !message.includes(code) ? ` (${code})` : ''}`, {
    retryable: true,
    details: { url, ...(code ? { cause: code } : {}), ...(known ? {} : { unclassified: true }) },
    cause: error,
  });
}
