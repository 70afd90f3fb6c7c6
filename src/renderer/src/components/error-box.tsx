import type { SerializedError } from '../../../shared/errors';
import { useRetryCountdown } from './retry-countdown';

/** What a user can do about each error code, in a sentence. */
const HINTS: Partial<Record<SerializedError['code'], string>> = {
  AUTH_FAILED: 'Check the API key for this provider in Settings.',
  RATE_LIMITED: 'The provider is rate limiting; wait a moment and retry.',
  COOLING_DOWN: 'This provider kept failing, so it is skipped for a while; add a fallback model to route around it.',
  TIMEOUT: 'The provider or gateway took too long. Retry, or raise the timeout in the mode settings.',
  NETWORK_ERROR: 'Could not reach the server. Is it running and is the URL right?',
  PROVIDER_NOT_FOUND: 'Pick a configured provider, or add one in Settings.',
  CONTAINER_FAILED: 'The Plano container is not running. See the Gateway page.',
  HEALTH_CHECK_FAILED: 'The gateway failed its health check. See the Gateway page.',
  CONFIG_INVALID: 'The config file has a problem; see Settings.',
  UNAUTHORIZED: 'The session token was refused; reload the page from the link the CLI printed.',
};

/**
 * An inline error: its stable code, the reason, a hint and optional retry. When the provider said how long
 * to wait (Retry-After, counted from `since`), Retry counts down and becomes available when it ends.
 */
export function ErrorBox({ error, onRetry, onDismiss, title, testId = 'error-box', since }: { error: SerializedError; onRetry?: (() => void) | undefined; onDismiss?: () => void; title?: string; testId?: string; since?: number | undefined }) {
  const wait = useRetryCountdown(error.details?.retryAfterMs, since);
  const hint = wait > 0 ? `The provider asked to wait ${wait} s before retrying.` : HINTS[error.code];
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      <div className="error-head">
        <span className="error-code" data-testid="error-code">
          {error.code}
        </span>
        {title && <strong>{title}</strong>}
      </div>
      <p className="error-message">{error.message}</p>
      {hint && (
        <p className="error-hint" {...(wait > 0 ? { 'data-testid': 'retry-countdown' } : {})}>
          {hint}
        </p>
      )}
      {(onRetry || onDismiss) && (
        <div className="error-actions">
          {onRetry && (
            <button type="button" className="btn btn-small" onClick={onRetry} disabled={wait > 0} data-testid="retry">
              {wait > 0 ? `Retry in ${wait} s` : 'Retry'}
            </button>
          )}
          {onDismiss && (
            <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </div>
  );
}
