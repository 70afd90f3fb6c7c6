import type { ReactNode } from 'react';
import type { AttemptOutcome, RouteAttempt, RouteTrace } from '../../../../shared/chat';
import { formatMs, formatTime, MODE_LABELS } from '../../lib/format';

/**
 * Attempt by attempt: who was asked for which model (a fallback hop is marked), by which path, what came
 * of it (served, retried after a wait, fell back, failed, skipped while cooling down), status and times.
 */
export function RouteTraceTable({ trace }: { trace: RouteTrace }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Attempts">
      <table className="table trace-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Target</th>
            <th scope="col">Via</th>
            <th scope="col">Host</th>
            <th scope="col">Outcome</th>
            <th scope="col">Status</th>
            <th scope="col">First byte</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        {trace.attempts.map((a, i) => {
          const outcome = outcomeOf(a);
          const note = noteOf(a);
          return (
            <tbody key={i} className={outcome === 'served' ? '' : 'row-bad'} data-testid="trace-attempt" data-outcome={outcome}>
              <tr>
                <td>{i + 1}</td>
                <td>
                  {a.provider && a.model ? `${a.provider}/${a.model}` : a.target}
                  {a.hop !== undefined && a.hop > 0 && <span className="chip chip-fallback">fallback {a.hop}</span>}
                </td>
                <td>
                  {MODE_LABELS[a.via]}
                  {a.target !== a.provider && a.provider ? ` (${a.target})` : ''}
                </td>
                <td className="mono" title={a.url}>
                  {hostOf(a.url)}
                </td>
                <td data-testid="trace-outcome">{OUTCOME_LABELS[outcome]}</td>
                <td>{a.status ?? '—'}</td>
                <td>{formatMs(a.ttfbMs)}</td>
                <td>{formatMs(a.durationMs)}</td>
              </tr>
              {note && (
                <tr className="trace-error">
                  <td />
                  <td colSpan={7} data-testid="trace-note">
                    {note}
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

const OUTCOME_LABELS: Record<AttemptOutcome, string> = {
  served: 'served',
  retried: 'retried',
  fell_back: 'fell back',
  failed: 'failed',
  skipped: 'skipped',
};

/** Traces stored before outcomes were recorded say only whether an attempt failed. */
function outcomeOf(a: RouteAttempt): AttemptOutcome {
  return a.outcome ?? (a.errorCode ? 'failed' : 'served');
}

function noteOf(a: RouteAttempt) {
  const parts: ReactNode[] = [];
  if (a.errorCode) {
    parts.push(
      <span key="error">
        <code>{a.errorCode}</code> {a.errorMessage ?? ''}
      </span>,
    );
  }
  if (a.outcome === 'retried' && a.retryInMs !== undefined) parts.push(<span key="retry"> · retried after {formatMs(a.retryInMs)}</span>);
  if (a.reason && (a.outcome === 'skipped' || a.outcome === 'fell_back')) parts.push(<span key="reason">{parts.length > 0 ? ' · ' : ''}{a.outcome === 'fell_back' ? `fell back: ${a.reason}` : a.reason}</span>);
  if (a.cooldownUntil !== undefined && a.outcome !== 'skipped') parts.push(<span key="cooldown"> · {a.provider ?? a.target} cools down until {formatTime(a.cooldownUntil)}</span>);
  return parts.length > 0 ? parts : undefined;
}

/** The providers this request found cooling down or sent into a cooldown, with when each is tried again. */
export function cooldownsIn(trace: RouteTrace): { provider: string; until: number }[] {
  const seen = new Map<string, number>();
  for (const a of trace.attempts) if (a.cooldownUntil !== undefined) seen.set(a.provider ?? a.target, a.cooldownUntil);
  return [...seen].map(([provider, until]) => ({ provider, until }));
}

/** The host (and port) of an attempt's URL; the full URL is in the cell's tooltip. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url || '—';
  }
}
