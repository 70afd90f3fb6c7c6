import type { SerializedError } from '../../../shared/errors';

/** What a user can do about each error code, in a sentence. */
const HINTS: Partial<Record<SerializedError['code'], string>> = {
  AUTH_FAILED: 'Check the API key for this provider in Settings.',
  RATE_LIMITED: 'The provider is rate limiting; wait a moment and retry.',
  TIMEOUT: 'The provider or gateway took too long. Retry, or raise the timeout in the mode settings.',
  NETWORK_ERROR: 'Could not reach the server. Is it running and is the URL right?',
  PROVIDER_NOT_FOUND: 'Pick a configured provider, or add one in Settings.',
  CONTAINER_FAILED: 'The Plano container is not running. See the Gateway page.',
  HEALTH_CHECK_FAILED: 'The gateway failed its health check. See the Gateway page.',
  CONFIG_INVALID: 'The config file has a problem; see Settings.',
  UNAUTHORIZED: 'The session token was refused; reload the page from the link the CLI printed.',
};

/** An inline error: its stable code, the reason, a hint and optional retry. */
export function ErrorBox({ error, onRetry, onDismiss, title, testId = 'error-box' }: { error: SerializedError; onRetry?: () => void; onDismiss?: () => void; title?: string; testId?: string }) {
  const hint = HINTS[error.code];
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      <div className="error-head">
        <span className="error-code" data-testid="error-code">
          {error.code}
        </span>
        {title && <strong>{title}</strong>}
      </div>
      <p className="error-message">{error.message}</p>
      {hint && <p className="error-hint">{hint}</p>}
      {(onRetry || onDismiss) && (
        <div className="error-actions">
          {onRetry && (
            <button type="button" className="btn btn-small" onClick={onRetry} data-testid="retry">
              Retry
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
