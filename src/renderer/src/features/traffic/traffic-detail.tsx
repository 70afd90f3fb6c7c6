import { useSlice, useStores } from '../../app/stores-context';
import { CopyButton } from '../../components/copy-button';
import { formatMs, MODE_LABELS } from '../../lib/format';

/** One request: who sent it, its route trace attempt by attempt, and both bodies (keys redacted). */
export function TrafficDetailView() {
  const { traffic } = useStores();
  const detail = useSlice(traffic, (s) => s.detail);
  if (!detail) return <p className="muted">Loading…</p>;
  const request = JSON.stringify(detail.requestBody, null, 2);
  const response = detail.responseBody === undefined ? undefined : JSON.stringify(detail.responseBody, null, 2);
  return (
    <section className="card traffic-detail" aria-labelledby="traffic-detail-title" data-testid="traffic-detail">
      <div className="row gap-s">
        <h2 id="traffic-detail-title">Request {detail.seq}</h2>
        <span className="spacer" />
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void traffic.getState().select(undefined)}>
          Close
        </button>
      </div>
      <dl className="traffic-facts">
        <dt>Client</dt>
        <dd>{detail.client ? `${detail.client.userAgent ?? 'unknown'} — ${detail.client.api} API, ${detail.client.path}${detail.client.remote ? ` from ${detail.client.remote}` : ''}` : detail.source}</dd>
        <dt>Route</dt>
        <dd data-testid="traffic-route">
          {detail.trace ? `${MODE_LABELS[detail.trace.mode]} → served by ${MODE_LABELS[detail.trace.servedBy]}, ${detail.trace.retries} retries, ${formatMs(detail.trace.overheadMs)} in Switchyard` : MODE_LABELS[detail.mode]}
          {detail.trace?.fallbackReason && ` (fallback: ${detail.trace.fallbackReason})`}
        </dd>
        {detail.error && (
          <>
            <dt>Error</dt>
            <dd className="bad wrap-anywhere">
              <code>{detail.error.code}</code> {detail.error.message}
            </dd>
          </>
        )}
      </dl>
      {detail.trace && detail.trace.attempts.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Attempts">
          <table className="table" data-testid="traffic-attempts">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Target</th>
                <th scope="col">Via</th>
                <th scope="col">URL</th>
                <th scope="col">Outcome</th>
                <th scope="col">Status</th>
                <th scope="col">First byte</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {detail.trace.attempts.map((a, i) => (
                <tr key={i} className={a.errorCode ? 'row-bad' : ''}>
                  <td>{i + 1}</td>
                  <td>{a.provider && a.model ? `${a.provider}/${a.model}` : a.target}</td>
                  <td className="nowrap">{MODE_LABELS[a.via]}</td>
                  <td className="wrap-anywhere mono">{a.url}</td>
                  <td title={a.reason}>{a.outcome?.replace('_', ' ') ?? '—'}</td>
                  <td>{a.status ?? a.errorCode ?? '—'}</td>
                  <td className="nowrap">{formatMs(a.ttfbMs)}</td>
                  <td className="nowrap">{formatMs(a.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="traffic-bodies">
        <div>
          <div className="row gap-s">
            <h3>Request body</h3>
            <CopyButton text={request} label="Copy request" />
          </div>
          <pre className="traffic-body" tabIndex={0} aria-label="Request body" data-testid="traffic-request-body">
            {request}
          </pre>
        </div>
        <div>
          <div className="row gap-s">
            <h3>Response body</h3>
            {response && <CopyButton text={response} label="Copy response" />}
          </div>
          <pre className="traffic-body" tabIndex={0} aria-label="Response body" data-testid="traffic-response-body">
            {response ?? (detail.status === 'running' ? 'Still running…' : 'No body (the request failed or was cancelled).')}
          </pre>
        </div>
      </div>
    </section>
  );
}
