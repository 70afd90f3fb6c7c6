import { memo } from 'react';
import type { GatewayEvent } from '../../../../shared/gateway';
import { formatMs, formatTime } from '../../lib/format';

const KIND_LABELS: Record<GatewayEvent['kind'], string> = {
  transition: 'State',
  health: 'Health check',
  restart: 'Restart',
  fallback: 'Fallback',
  recovery: 'Recovery',
  pull: 'Image pull',
  adopt: 'Adopted',
  cleanup: 'Cleanup',
  error: 'Error',
};

function tone(e: GatewayEvent): string {
  if (e.kind === 'health') return e.ok ? 'good' : 'bad';
  if (e.kind === 'error' || e.kind === 'fallback') return 'bad';
  if (e.kind === 'restart') return 'warn';
  if (e.kind === 'recovery') return 'good';
  return 'neutral';
}

/** The gateway's history, newest first: starts, health checks, restarts, fallbacks, recoveries, with reasons. */
export const Timeline = memo(function Timeline({ events }: { events: GatewayEvent[] }) {
  const newest = [...events].reverse();
  return (
    <ol className="timeline" aria-label="Gateway timeline" data-testid="gateway-timeline">
      {newest.length === 0 && <li className="muted small">Nothing has happened yet.</li>}
      {newest.map((e, i) => (
        <li key={`${e.at}-${i}`} className={`tl tl-${tone(e)}`} data-kind={e.kind}>
          <span className="tl-dot" aria-hidden="true" />
          <time dateTime={new Date(e.at).toISOString()} className="tl-time">
            {formatTime(e.at)}
          </time>
          <span className="tl-kind">
            {KIND_LABELS[e.kind]}
            {e.kind === 'health' ? (e.ok ? ' passed' : ' failed') : ''}
          </span>
          <span className="tl-phase">{e.phase}</span>
          <span className="tl-reason">
            {e.reason}
            {e.latencyMs !== undefined ? ` · ${formatMs(e.latencyMs)}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
});
