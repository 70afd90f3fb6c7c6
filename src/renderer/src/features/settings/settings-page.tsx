import { useEffect, useState } from 'react';
import type { ErrorLogEntry, SecretsView } from '../../../../shared/api';
import { serializeError, type SerializedError } from '../../../../shared/errors';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { ConfigProblems } from '../../app/config-banner';
import { EndpointSection } from './endpoint-section';
import { ProviderForm } from './provider-form';
import { ProviderTable } from './provider-table';

/** Config problems, setup guide (first run), providers and keys, embedded-mode requirements, and the error log. */
export function SettingsPage() {
  const { bridge, router, gateway } = useStores();
  const state = useSlice(router, (s) => s.state);
  const settings = useSlice(router, (s) => s.settings);
  const status = useSlice(gateway, (s) => s.status);
  const [secrets, setSecrets] = useState<SecretsView | undefined>();
  const [log, setLog] = useState<{ path: string; entries: ErrorLogEntry[] } | undefined>();
  const [error, setError] = useState<SerializedError | undefined>();
  const browser = bridge.transport === 'browser';
  const providers = state?.providers ?? [];
  const problems = state?.configProblems ?? settings?.problems ?? [];

  const loadSecrets = (): void => {
    bridge.secrets.status().then(setSecrets, (e: unknown) => setError(serializeError(e)));
  };
  useEffect(() => {
    loadSecrets();
    if (!gateway.getState().status) void gateway.getState().load();
    void router.getState().refreshSettings();
  }, []);

  const showLog = async (): Promise<void> => {
    try {
      setLog(await bridge.app.errorLog());
    } catch (e) {
      setError(serializeError(e));
    }
  };

  return (
    <div className="page settings">
      <header className="page-head">
        <h1>Settings</h1>
        {settings && (
          <p className="muted small">
            Config file: <code>{settings.path}</code>
          </p>
        )}
      </header>
      {error && <ErrorBox error={error} onDismiss={() => setError(undefined)} />}
      <ConfigProblems problems={problems} path={settings?.path} />

      {providers.length === 0 && problems.length === 0 && (
        <section className="card guide" aria-labelledby="guide-title" data-testid="first-run-guide">
          <h2 id="guide-title">Welcome to Switchyard — add your first provider</h2>
          <ol>
            <li>Pick a template below: a hosted API (OpenAI, Anthropic) or a local server such as Ollama.</li>
            <li>
              Enter its key.{' '}
              {browser ? (
                <strong>You are in browser mode: keys come from environment variables of the <code>switchyard serve</code> process, never from this page.</strong>
              ) : (
                'It is stored encrypted with the OS keychain and never sent back to this window.'
              )}
            </li>
            <li>
              For a local model: install Ollama, run <code>ollama pull llama3.2</code>, and keep the base URL <code>http://127.0.0.1:11434/v1</code>.
            </li>
            <li>Open the Playground and send a message; every reply shows how it was routed.</li>
          </ol>
        </section>
      )}

      <section className="card" aria-labelledby="providers-title">
        <h2 id="providers-title">Providers</h2>
        {providers.length > 0 && <ProviderTable providers={providers} config={settings?.config} secrets={secrets} onSecrets={setSecrets} onError={setError} />}
        <h3>Add a provider</h3>
        <ProviderForm onDone={loadSecrets} />
      </section>

      <EndpointSection />

      <section className="card" aria-labelledby="embedded-title">
        <h2 id="embedded-title">What embedded mode needs</h2>
        <p>
          Embedded mode runs the Plano gateway (<code>{status?.image ?? 'katanemo/plano'}</code>) in a local container. It needs a Docker-compatible engine: Docker Desktop, Docker Engine, or Podman serving the Docker API.
        </p>
        {status && (
          <p data-testid="engine-status">
            Engine at <code>{status.engine.endpoint}</code>:{' '}
            {status.engine.reachable ? <span className="ok">reachable{status.engine.version ? ` (v${status.engine.version})` : ''}</span> : <span className="bad">not reachable{status.engine.error ? ` — ${status.engine.error}` : ''}</span>}
          </p>
        )}
        {status && !status.engine.reachable && <p className="small">Start your engine or set DOCKER_HOST, then open the Gateway page. Direct mode keeps working meanwhile.</p>}
      </section>

      <section className="card" aria-labelledby="log-title">
        <h2 id="log-title">Error log</h2>
        <p className="small muted">Errors and warnings from every part of the app (keys are never written), for bug reports.</p>
        <div className="row gap-s">
          <button type="button" className="btn" onClick={() => void showLog()} data-testid="error-log-show">
            Show recent errors
          </button>
          {!browser && (
            <button type="button" className="btn btn-ghost" onClick={() => void bridge.app.openErrorLog().catch((e: unknown) => setError(serializeError(e)))} data-testid="error-log-open">
              Open log file
            </button>
          )}
        </div>
        {log && (
          <>
            <p className="small">
              <code>{log.path}</code>
            </p>
            {log.entries.length === 0 ? (
              <p className="muted" data-testid="error-log-tail">
                No errors or warnings recorded.
              </p>
            ) : (
              <div className="table-scroll error-log" tabIndex={0} role="region" aria-label="Recent errors and warnings">
                <table className="table" data-testid="error-log-tail">
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Level</th>
                      <th scope="col">Event</th>
                      <th scope="col">Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...log.entries].reverse().map((e, i) => (
                      <tr key={`${e.at}-${i}`}>
                        <td className="nowrap">{e.at ? new Date(e.at).toLocaleString() : '—'}</td>
                        <td>
                          <span className={`pill pill-${e.level === 'error' ? 'bad' : 'warn'}`}>{e.level}</span>
                        </td>
                        <td className="mono">{e.event}</td>
                        <td className="mono wrap-anywhere">{e.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}
