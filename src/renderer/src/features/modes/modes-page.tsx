import { useEffect, useState } from 'react';
import { ROUTING_MODES, type RoutingMode } from '../../../../shared/chat';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { MODE_LABELS } from '../../lib/format';
import { ModeSettingsForm } from './mode-settings-form';
import { RouteDiagram } from './route-diagram';

const DESCRIPTIONS: Record<RoutingMode, string> = {
  direct: 'Switchyard calls each provider itself. Fewest hops, no gateway needed.',
  plano_proxy: 'Requests go through a Plano gateway you run yourself, at the URL below.',
  plano_embedded: 'Switchyard runs Plano in a local container, supervises it and falls back to Direct if it fails.',
};

/** The mode switcher: live route diagram, one-click mode switch, per-mode settings. */
export function ModesPage() {
  const { router, gateway } = useStores();
  const state = useSlice(router, (s) => s.state);
  const switchingTo = useSlice(router, (s) => s.switchingTo);
  const switchError = useSlice(router, (s) => s.switchError);
  const status = useSlice(gateway, (s) => s.status);
  const [editing, setEditing] = useState<RoutingMode>(state?.mode ?? 'direct');

  useEffect(() => {
    void router.getState().refreshSettings();
    if (!gateway.getState().status) void gateway.getState().load();
  }, [router, gateway]);

  return (
    <div className="page">
      <header className="page-head">
        <h1>Routing mode</h1>
        <p className="muted">Switch live; requests in flight finish on their current path.</p>
      </header>
      <div className="mode-buttons" role="group" aria-label="Routing mode">
        {ROUTING_MODES.map((m) => (
          <button
            key={m}
            type="button"
            className={`mode-btn ${state?.mode === m ? 'selected' : ''}`}
            aria-pressed={state?.mode === m}
            disabled={switchingTo !== undefined}
            onClick={() => void router.getState().setMode(m)}
            data-testid={`mode-${m}`}
          >
            <span className="mode-btn-title">
              {MODE_LABELS[m]}
              {switchingTo === m ? ' …' : ''}
            </span>
            <span className="mode-btn-desc">{DESCRIPTIONS[m]}</span>
          </button>
        ))}
      </div>
      {switchError && <ErrorBox error={switchError} title="Could not switch mode" onDismiss={() => router.setState({ switchError: undefined })} />}
      {state?.fallbackActive && (
        <div className="banner banner-warn" role="status" data-testid="fallback-banner">
          <strong>Fallback active:</strong> requests are served by {MODE_LABELS[state.servedBy]}
          {state.fallbackReason ? ` because ${state.fallbackReason}` : ''}. Traffic moves back once the gateway has been healthy for the recovery hold.
        </div>
      )}
      {status && !status.engine.reachable && (
        <div className="banner banner-warn" role="status" data-testid="modes-engine-hint">
          Embedded mode needs a container engine (Docker, or Podman serving the Docker API); none answered at <code>{status.engine.endpoint}</code>. Direct and Plano proxy work without one.
        </div>
      )}
      <RouteDiagram router={state} gateway={status} />
      <section className="card" aria-labelledby="mode-settings-title">
        <div className="row between">
          <h2 id="mode-settings-title">Mode settings</h2>
          <div className="tabs" role="group" aria-label="Settings for">
            {ROUTING_MODES.map((m) => (
              <button key={m} type="button" aria-pressed={editing === m} className={`tab ${editing === m ? 'selected' : ''}`} onClick={() => setEditing(m)} data-testid={`settings-tab-${m}`}>
                {MODE_LABELS[m]}
              </button>
            ))}
          </div>
        </div>
        {editing === 'direct' ? (
          <p className="muted" data-testid="mode-form-direct">
            Direct mode uses the providers from Settings and has nothing else to configure.
          </p>
        ) : (
          <ModeSettingsForm key={editing} mode={editing} />
        )}
      </section>
    </div>
  );
}
