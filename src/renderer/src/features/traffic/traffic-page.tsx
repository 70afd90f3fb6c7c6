import { useEffect, useMemo } from 'react';
import type { TrafficEntry } from '../../../../shared/traffic';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { formatCost, formatMs, formatTime, MODE_LABELS } from '../../lib/format';
import { visibleEntries } from '../../stores/traffic-store';
import { TrafficDetailView } from './traffic-detail';

const SOURCE_LABELS = { playground: 'Playground', compare: 'Compare', endpoint: 'Endpoint' } as const;
const STATUS_PILL = { running: 'pill-neutral', ok: 'pill-good', error: 'pill-bad', cancelled: 'pill-warn' } as const;

/** Who sent a request: the page that did, or the outside client's user agent. */
export function sourceText(entry: TrafficEntry): string {
  if (entry.source !== 'endpoint') return SOURCE_LABELS[entry.source];
  return entry.client?.userAgent ?? `${entry.client?.api ?? 'endpoint'} client`;
}

/** Every chat request the app serves, live: the playground's, Compare's and outside clients' through the local endpoint. */
export function TrafficPage() {
  const { traffic } = useStores();
  const entries = useSlice(traffic, (s) => s.entries);
  const filters = useSlice(traffic, (s) => s.filters);
  const selectedId = useSlice(traffic, (s) => s.selectedId);
  const persist = useSlice(traffic, (s) => s.persist);
  const capacity = useSlice(traffic, (s) => s.capacity);
  const error = useSlice(traffic, (s) => s.error);
  const shown = useMemo(() => visibleEntries(entries, filters), [entries, filters]);
  const state = traffic.getState();

  useEffect(() => {
    void traffic.getState().load();
  }, [traffic]);

  const download = async (): Promise<void> => {
    const file = await state.exportLines();
    if (!file) return;
    const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div className="page traffic">
      <header className="page-head">
        <h1>Traffic</h1>
        <p className="muted small">
          Every request Switchyard routes — from the playground, Compare, and tools using the local endpoint — as it happens. The last {capacity} are kept, {persist ? 'in the data folder across restarts' : 'in memory while the app runs'}.
        </p>
      </header>
      {error && <ErrorBox error={error} onDismiss={() => traffic.setState({ error: undefined })} />}
      <div className="traffic-tools row wrap gap-s" role="group" aria-label="Filter and manage the log">
        <label className="field-inline">
          Source{' '}
          <select value={filters.source} onChange={(e) => state.setFilters({ source: e.target.value as typeof filters.source })} data-testid="traffic-filter-source">
            <option value="all">All</option>
            <option value="playground">Playground</option>
            <option value="compare">Compare</option>
            <option value="endpoint">Endpoint</option>
          </select>
        </label>
        <label className="field-inline">
          Status{' '}
          <select value={filters.status} onChange={(e) => state.setFilters({ status: e.target.value as typeof filters.status })} data-testid="traffic-filter-status">
            <option value="all">All</option>
            <option value="running">Running</option>
            <option value="ok">OK</option>
            <option value="error">Error</option>
            <option value="cancelled">Cancelled</option>
          </select>
        </label>
        <label className="field-inline">
          Search{' '}
          <input type="search" value={filters.text} placeholder="model, provider, client" onChange={(e) => state.setFilters({ text: e.target.value })} data-testid="traffic-filter-text" />
        </label>
        <span className="spacer" />
        <label className="field-inline">
          <input type="checkbox" checked={persist} onChange={(e) => void state.setPersist(e.target.checked)} data-testid="traffic-persist" /> Keep after restart
        </label>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void download()} data-testid="traffic-export">
          Export .jsonl
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void state.clear()} data-testid="traffic-clear">
          Clear
        </button>
      </div>
      <p className="sr-only" aria-live="polite">
        {shown.length} of {entries.length} requests shown
      </p>
      {shown.length === 0 ? (
        <p className="muted" data-testid="traffic-empty">
          {entries.length === 0 ? 'No requests yet. Send one from the playground, or point a tool at the local endpoint (Settings → Local endpoint).' : 'No request matches the filters.'}
        </p>
      ) : (
        <div className="table-scroll traffic-list" tabIndex={0} role="region" aria-label="Requests">
          <table className="table" data-testid="traffic-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Source</th>
                <th scope="col">Mode</th>
                <th scope="col">Provider / model</th>
                <th scope="col">Status</th>
                <th scope="col">TTFT</th>
                <th scope="col">Latency</th>
                <th scope="col">Tokens</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.id} className={e.id === selectedId ? 'selected' : ''} data-testid="traffic-row" data-source={e.source}>
                  <td className="nowrap">
                    <button type="button" className="link-btn" aria-pressed={e.id === selectedId} onClick={() => void state.select(e.id === selectedId ? undefined : e.id)} aria-label={`Request ${e.seq} at ${formatTime(e.startedAt)}: details`}>
                      {formatTime(e.startedAt)}
                    </button>
                  </td>
                  <td className="trunc wrap-anywhere" title={e.client?.userAgent}>
                    {sourceText(e)}
                  </td>
                  <td className="nowrap">
                    {MODE_LABELS[e.trace?.servedBy ?? e.mode]}
                    {e.trace?.fallbackReason ? ' (fallback)' : ''}
                  </td>
                  <td className="wrap-anywhere">{e.provider ? `${e.provider}/${e.model ?? ''}` : (e.model ?? 'default')}</td>
                  <td className="nowrap">
                    <span className={`pill ${STATUS_PILL[e.status]}`}>{e.status === 'error' ? (e.httpStatus ?? e.error?.code ?? 'error') : e.status}</span>
                    {e.stream && <span className="muted small"> stream</span>}
                  </td>
                  <td className="nowrap">{formatMs(e.ttftMs)}</td>
                  <td className="nowrap">{formatMs(e.latencyMs)}</td>
                  <td className="nowrap">{e.usage ? `${e.usage.inputTokens} → ${e.usage.outputTokens}` : '—'}</td>
                  <td className="nowrap">{formatCost(e.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selectedId && <TrafficDetailView />}
    </div>
  );
}
