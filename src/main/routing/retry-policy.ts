import type { RetrySettings } from '../../shared/config';
import type { SwitchyardError } from '../../shared/errors';
import { fullJitterDelay } from '../timing/backoff';

/** The one retry policy: each Direct provider's settings and the Plano client's are this shape. */
export type RetryPolicy = RetrySettings;

export const NO_RETRY: RetryPolicy = { maxRetries: 0, backoffBaseMs: 0, backoffMaxMs: 0, maxRetryAfterMs: 0 };
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long to wait before retry number `retry` (0-based), or undefined to give up. Retries only what is
 * worth retrying (connection errors, timeouts, 408, 409, 429, 5xx — see provider-errors.ts); honours
 * Retry-After up to the policy's cap; otherwise exponential backoff with full jitter.
 */
export function retryDelay(error: SwitchyardError, retry: number, policy: RetryPolicy, random: () => number): number | undefined {
  if (!error.retryable || error.code === 'CANCELLED' || retry >= policy.maxRetries) return undefined;
  const retryAfterMs = error.details.retryAfterMs;
  if (typeof retryAfterMs === 'number') return retryAfterMs <= policy.maxRetryAfterMs ? retryAfterMs : undefined;
  return fullJitterDelay(retry, policy.backoffBaseMs, policy.backoffMaxMs, random);
}
