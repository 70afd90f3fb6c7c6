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

/** The "no engine" reason carries a how-to that the page's banner shows once; rows keep the first sentence, without a trailing period. */
const ENGINE_HINT_RE = /\s*Start Docker \(.*$/s;

export function shortReason(reason: string): string {
  return reason.replace(ENGINE_HINT_RE, '').replace(/[.\s]+$/, '');
}

/** Newest first, with a run of identical events (the same failure every few seconds) as one row and a count. */
export function collapse(events: GatewayEvent[]): { event: GatewayEvent; count: number }[] {
  const out: { event: GatewayEvent; count: number }[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    const last = out.at(-1);
    if (last && last.event.kind === e.kind && last.event.phase === e.phase && shortReason(last.event.reason) === shortReason(e.reason) && last.event.ok === e.ok) last.count++;
    else out.push({ event: e, count: 1 });
  }
  return out;
}

/**
 * The gateway's history, newest first: starts, health checks, restarts, fallbacks, recoveries, with reasons.
 * A scrollable region that keyboard users can reach and scroll.
 */
export const Timeline = memo(function Timeline({ events }: { events: GatewayEvent[] }) {
  const rows = collapse(events);
  return (
    <ol className="timeline" aria-label="Gateway timeline" tabIndex={0} data-testid="gateway-timeline">
      {rows.length === 0 && <li className="muted small">Nothing has happened yet.</li>}
      {rows.map(({ event: e, count }, i) => (
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
            {shortReason(e.reason)}
            {e.latencyMs !== undefined ? ` · ${formatMs(e.latencyMs)}` : ''}
            {count > 1 && <span className="tl-count"> ×{count}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
});
