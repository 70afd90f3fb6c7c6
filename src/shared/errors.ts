/**
 * Stable error codes. A code survives IPC, JSON and HTTP; a class does not.
 * Every error that crosses a boundary is a SerializedError.
 */
export const ERROR_CODES = [
  'PROVIDER_NOT_FOUND',
  'INVALID_REQUEST',
  'CONTAINER_FAILED',
  'HEALTH_CHECK_FAILED',
  'TIMEOUT',
  'AUTH_FAILED',
  'RATE_LIMITED',
  /** The provider failed too often in a row and is skipped until `details.retryAfterMs` have passed. */
  'COOLING_DOWN',
  'UPSTREAM_ERROR',
  'MALFORMED_RESPONSE',
  'NETWORK_ERROR',
  'CANCELLED',
  'CONFIG_INVALID',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNAUTHORIZED',
  /** A file in the data folder could not be written (disk full, permissions); details name the path. */
  'STORAGE_FAILED',
  /** A stored reply that was streaming when Switchyard stopped (a crash, a kill); its partial text is kept. */
  'INTERRUPTED',
  /** Another Switchyard process holds the data folder; details name it. */
  'DATA_FOLDER_IN_USE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface SerializedError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  details?: Record<string, unknown>;
}

export class SwitchyardError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SwitchyardError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }

  toJSON(): SerializedError {
    return serializeError(this);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into the wire shape; unknown errors become INTERNAL. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof SwitchyardError) {
    const out: SerializedError = { code: error.code, message: error.message, retryable: error.retryable };
    if (Object.keys(error.details).length > 0) out.details = error.details;
    return out;
  }
  if (isSerializedError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, retryable: false };
}

export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isErrorCode(v.code) && typeof v.message === 'string' && typeof v.retryable === 'boolean';
}

/** Rebuilds a throwable error from the wire shape (used by the preload and the browser bridge). */
export function deserializeError(error: SerializedError): SwitchyardError {
  return new SwitchyardError(error.code, error.message, { retryable: error.retryable, details: error.details });
}
