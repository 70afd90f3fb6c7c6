import { useId } from 'react';
import { ROUTING_MODES } from '../../../../shared/chat';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { Markdown } from '../../components/markdown';
import { formatCost, formatMs, MODE_LABELS } from '../../lib/format';
import { estimateCost, tokensPerSecond } from '../../lib/metrics';
import { MAX_COMPARE_ROUTES, type CompareResult, type CompareRoute } from '../../stores/compare-store';

/** One prompt to two or three routes, answers streaming side by side. Nothing is saved to history. */
export function ComparePage() {
  const { compare } = useStores();
  const prompt = useSlice(compare, (s) => s.prompt);
  const system = useSlice(compare, (s) => s.system);
  const routes = useSlice(compare, (s) => s.routes);
  const results = useSlice(compare, (s) => s.results);
  const running = useSlice(compare, (s) => s.running);
  const id = useId();

  return (
    <div className="page compare">
      <header className="page-head">
        <h1>Compare routes</h1>
        <p className="muted">Send one prompt through several modes or models at once. Compare runs are not saved.</p>
      </header>
      <form
        className="card compare-form"
        onSubmit={(e) => {
          e.preventDefault();
          compare.getState().run();
        }}
      >
        <label htmlFor={`${id}-prompt`}>Prompt</label>
        <textarea
          id={`${id}-prompt`}
          className="input"
          rows={3}
          value={prompt}
          onChange={(e) => compare.getState().setPrompt(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              compare.getState().run();
            }
          }}
          placeholder="Explain the CAP theorem in two sentences."
          data-testid="compare-prompt"
        />
        <details>
          <summary className="small">System prompt</summary>
          <label htmlFor={`${id}-system`} className="sr-only">
            System prompt
          </label>
          <textarea id={`${id}-system`} className="input" rows={2} value={system} onChange={(e) => compare.getState().setSystem(e.target.value)} />
        </details>
        <div className="row gap-s">
          {running ? (
            <button type="button" className="btn btn-danger" onClick={() => compare.getState().stop()} data-testid="compare-stop">
              Stop all
            </button>
          ) : (
            <button type="submit" className="btn btn-primary" disabled={!prompt.trim()} data-testid="compare-run">
              Run on {routes.length} routes
            </button>
          )}
          <button type="button" className="btn btn-ghost" disabled={routes.length >= MAX_COMPARE_ROUTES || running} onClick={() => compare.getState().addRoute()} data-testid="compare-add">
            + Add route
          </button>
          <span className="small muted">Ctrl+Enter runs</span>
        </div>
      </form>
      <div className={`compare-cols cols-${routes.length}`}>
        {routes.map((route, i) => (
          <CompareColumn key={i} index={i} route={route} result={results[i] ?? { status: 'idle', text: '' }} canRemove={routes.length > 2 && !running} disabled={running} />
        ))}
      </div>
    </div>
  );
}

function CompareColumn({ index, route, result, canRemove, disabled }: { index: number; route: CompareRoute; result: CompareResult; canRemove: boolean; disabled: boolean }) {
  const { compare, router } = useStores();
  const providers = useSlice(router, (s) => s.state?.providers);
  const models = useSlice(router, (s) => s.models);
  const id = useId();
  const set = (patch: Partial<CompareRoute>) => compare.getState().setRoute(index, patch);
  const response = result.response;
  const tps = response ? tokensPerSecond(response) : undefined;
  const cost = response && providers ? estimateCost(response, providers, route.model || undefined) : undefined;
  const providerModels = models.filter((m) => !route.provider || m.provider === route.provider);

  return (
    <section className="card compare-col" aria-label={`Route ${index + 1}`} data-testid={`compare-col-${index}`} data-status={result.status}>
      <div className="compare-route">
        <div className="field">
          <label htmlFor={`${id}-mode`}>Mode</label>
          <select id={`${id}-mode`} className="input" value={route.mode} disabled={disabled} onChange={(e) => set({ mode: e.target.value as CompareRoute['mode'] })} data-testid={`compare-mode-${index}`}>
            <option value="">Current mode</option>
            {ROUTING_MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-provider`}>Provider</label>
          <select id={`${id}-provider`} className="input" value={route.provider} disabled={disabled} onChange={(e) => set({ provider: e.target.value })}>
            <option value="">Default</option>
            {providers?.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-model`}>Model</label>
          <input id={`${id}-model`} className="input" list={`${id}-models`} value={route.model} disabled={disabled} onChange={(e) => set({ model: e.target.value })} placeholder="default" />
          <datalist id={`${id}-models`}>
            {providerModels.map((m) => (
              <option key={`${m.provider}/${m.id}`} value={m.id} />
            ))}
          </datalist>
        </div>
        {canRemove && (
          <button type="button" className="icon-btn" aria-label={`Remove route ${index + 1}`} onClick={() => compare.getState().removeRoute(index)}>
            ×
          </button>
        )}
      </div>
      <dl className="compare-metrics" data-testid={`compare-metrics-${index}`}>
        <div>
          <dt>Served by</dt>
          <dd>{result.served ? `${MODE_LABELS[response?.trace.servedBy ?? result.served.mode]} · ${result.served.provider}` : '—'}</dd>
        </div>
        <div>
          <dt>TTFT</dt>
          <dd>{formatMs(response?.trace.ttftMs)}</dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd>{formatMs(response?.latencyMs)}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>{response ? `${response.usage.inputTokens} / ${response.usage.outputTokens}` : '—'}</dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>{tps !== undefined ? `${tps.toFixed(1)} tok/s` : '—'}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(cost)}</dd>
        </div>
      </dl>
      {response && response.trace.servedBy !== response.trace.mode && <span className="chip chip-fallback">Fallback{response.trace.fallbackReason ? `: ${response.trace.fallbackReason}` : ''}</span>}
      <div className="compare-output" aria-live="off" aria-busy={result.status === 'streaming' || result.status === 'pending'} data-testid={`compare-output-${index}`}>
        {result.text ? <Markdown source={result.text} /> : result.status === 'pending' ? <span className="typing">●●●</span> : result.status === 'idle' ? <span className="muted small">The answer appears here.</span> : null}
        {result.status === 'cancelled' && <p className="msg-note">Stopped.</p>}
      </div>
      {result.error && result.status === 'error' && <ErrorBox error={result.error} />}
    </section>
  );
}
