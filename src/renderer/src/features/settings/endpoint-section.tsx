import { useEffect, useState } from 'react';
import type { EndpointStatus } from '../../../../shared/endpoint';
import { serializeError, type SerializedError } from '../../../../shared/errors';
import { useStores } from '../../app/stores-context';
import { CopyButton } from '../../components/copy-button';
import { ErrorBox } from '../../components/error-box';

/**
 * The local endpoint: a switch, the URLs to give tools, and the local key (masked; copied in full on
 * request). Other tools on the machine then route through Switchyard and show up in the Traffic view.
 */
export function EndpointSection() {
  const { bridge } = useStores();
  const [status, setStatus] = useState<EndpointStatus | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SerializedError | undefined>();
  const [key, setKey] = useState<string | undefined>();

  useEffect(() => {
    bridge.endpoint.status().then(setStatus, (e: unknown) => setError(serializeError(e)));
    return bridge.on('endpoint.status', setStatus);
  }, [bridge]);

  const act = async (run: () => Promise<EndpointStatus>): Promise<void> => {
    setBusy(true);
    try {
      setStatus(await run());
      setError(undefined);
    } catch (e) {
      setError(serializeError(e));
    } finally {
      setBusy(false);
    }
  };
  // The key is fetched when the user asks to copy it, never kept on the page otherwise.
  const copyKey = async (): Promise<void> => {
    try {
      const { key: full } = await bridge.endpoint.revealKey();
      setKey(full);
    } catch (e) {
      setError(serializeError(e));
    }
  };

  if (!status?.available) return null;
  const anthropicUrl = status.url?.replace(/\/v1$/, '');
  return (
    <section className="card" aria-labelledby="endpoint-title" data-testid="endpoint-section">
      <h2 id="endpoint-title">Local endpoint</h2>
      <p className="small muted">
        An OpenAI- and Anthropic-compatible API on this machine: point editors, agents and scripts at it, and their requests go through the routing mode above and appear in the Traffic view. Provider keys stay in Switchyard.
      </p>
      <label className="field-check">
        <input type="checkbox" role="switch" checked={status.enabled} disabled={busy} onChange={(e) => void act(() => bridge.endpoint.setEnabled({ enabled: e.target.checked }))} data-testid="endpoint-switch" />{' '}
        Serve the local endpoint on {status.host}:{status.port}
      </label>
      {error && <ErrorBox error={error} onDismiss={() => setError(undefined)} />}
      {status.error && status.enabled && (
        <p className="bad" role="alert" data-testid="endpoint-error">
          Not running: {status.error.message}
        </p>
      )}
      {status.running && status.url && (
        <dl className="endpoint-facts" data-testid="endpoint-facts">
          <dt>OpenAI base URL</dt>
          <dd>
            <code data-testid="endpoint-url">{status.url}</code>
            <CopyButton text={status.url} label="Copy OpenAI URL" />
          </dd>
          <dt>Anthropic base URL</dt>
          <dd>
            <code>{anthropicUrl}</code>
            <CopyButton text={anthropicUrl ?? ''} label="Copy Anthropic URL" />
          </dd>
          <dt>Key</dt>
          <dd>
            <code data-testid="endpoint-key">{status.keyMasked}</code>
            {key === undefined ? (
              <button type="button" className="btn btn-ghost btn-small" onClick={() => void copyKey()} data-testid="endpoint-key-fetch">
                Get key to copy
              </button>
            ) : (
              <CopyButton text={key} label="Copy key" testId="endpoint-key-copy" />
            )}
            <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={() => void act(async () => (setKey(undefined), bridge.endpoint.regenerateKey()))} data-testid="endpoint-key-regenerate">
              New key
            </button>
          </dd>
          <dt>In flight</dt>
          <dd>{status.inFlight}</dd>
        </dl>
      )}
      {status.running && (
        <p className="small">
          For example: <code>OPENAI_BASE_URL={status.url} OPENAI_API_KEY=&lt;key&gt;</code>, or <code>ANTHROPIC_BASE_URL={anthropicUrl}</code>. Models are named <code>provider/model</code> (the endpoint lists them at <code>/v1/models</code>).
        </p>
      )}
    </section>
  );
}
