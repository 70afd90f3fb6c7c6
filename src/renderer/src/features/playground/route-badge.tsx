import { useId, useState } from 'react';
import type { ProviderSummary } from '../../../../shared/api';
import type { RoutingMode } from '../../../../shared/chat';
import { formatCost, formatMs, formatTime, MODE_LABELS } from '../../lib/format';
import { estimateCost, tokensPerSecond } from '../../lib/metrics';
import type { ChatMessageView } from '../../stores/chat-store';
import { cooldownsIn, RouteTraceTable } from './route-trace-table';

/**
 * How an assistant message was served: mode, provider, model as served, TTFT, latency, tokens, speed,
 * cost, retries, fallback (to Direct or to another model) and provider cooldowns. The trace (attempt by
 * attempt) expands below.
 */
export function RouteBadge({ message, providers, requestedModel }: { message: ChatMessageView; providers: ProviderSummary[]; requestedModel?: string }) {
  const [open, setOpen] = useState(false);
  const traceId = useId();
  const response = message.response;
  const trace = response?.trace;
  const route = message.route;
  if (!trace && !route) return null;

  const mode: RoutingMode | undefined = trace?.mode ?? route?.mode;
  const servedBy = trace?.servedBy ?? route?.mode;
  const fallback = trace ? trace.servedBy !== trace.mode || trace.fallbackReason !== undefined : false;
  // A fallback to another model names the model that served; one to Direct, its reason.
  const servedHop = trace?.attempts.find((a) => a.outcome === 'served' && a.hop !== undefined && a.hop > 0);
  const cooldowns = trace ? cooldownsIn(trace) : [];
  const complete = message.status === 'complete' && response;
  const tps = complete ? tokensPerSecond(response) : undefined;
  const cost = complete ? estimateCost(response, providers, requestedModel) : undefined;

  return (
    <div className="route" data-testid="route-badge">
      <div className="route-chips">
        {mode && (
          <span className={`chip chip-mode mode-${servedBy}`} title={`Configured mode: ${MODE_LABELS[mode]}`} data-testid="route-mode">
            {MODE_LABELS[servedBy ?? mode]}
          </span>
        )}
        {fallback && (
          <span className="chip chip-fallback" title={trace?.fallbackReason ?? 'served by fallback'} data-testid="route-fallback">
            {servedHop ? `Fallback → ${servedHop.provider}/${servedHop.model}` : `Fallback${trace?.fallbackReason ? `: ${trace.fallbackReason}` : ''}`}
          </span>
        )}
        {cooldowns.map((c) => (
          <span key={c.provider} className="chip chip-warn" title={`${c.provider} is skipped until ${new Date(c.until).toLocaleString()}, then one request probes it`} data-testid="route-cooldown">
            {c.provider} cooling down until {formatTime(c.until)}
          </span>
        ))}
        <Metric label="Provider" value={response?.provider || route?.provider} />
        <Metric label="Model" value={response?.model || route?.model} testId="route-model" />
        {trace ? <Metric label="TTFT" value={formatMs(trace.ttftMs)} testId="route-ttft" /> : message.liveTtftMs !== undefined && <Metric label="TTFT" value={formatMs(message.liveTtftMs)} testId="route-ttft" />}
        {trace && <Metric label="Latency" value={formatMs(trace.latencyMs)} testId="route-latency" />}
        {complete && <Metric label="Tokens" value={`${response.usage.inputTokens} in / ${response.usage.outputTokens} out`} testId="route-tokens" />}
        {tps !== undefined && <Metric label="Speed" value={`${tps.toFixed(1)} tok/s`} testId="route-tps" />}
        {cost !== undefined && <Metric label="Cost" value={formatCost(cost)} testId="route-cost" />}
        {trace && trace.retries > 0 && <span className="chip chip-warn" data-testid="route-retries">{trace.retries === 1 ? '1 retry' : `${trace.retries} retries`}</span>}
        {message.status === 'streaming' && <span className="chip chip-live">streaming…</span>}
        {trace && (
          <button type="button" className="btn btn-ghost btn-small" aria-expanded={open} aria-controls={traceId} onClick={() => setOpen((o) => !o)} data-testid="route-trace-toggle">
            {open ? 'Hide trace' : `Trace (${trace.attempts.length})`}
          </button>
        )}
      </div>
      {open && trace && (
        <div id={traceId} className="trace" data-testid="route-trace">
          <p className="trace-summary">
            Configured {MODE_LABELS[trace.mode]}, served by {MODE_LABELS[trace.servedBy]} · overhead {formatMs(trace.overheadMs)}
            {trace.fallbackReason ? ` · fallback reason: ${trace.fallbackReason}` : ''}
          </p>
          <RouteTraceTable trace={trace} />
        </div>
      )}
    </div>
  );
}

function Metric({ label, value, testId }: { label: string; value: string | undefined; testId?: string }) {
  if (!value) return null;
  return (
    <span className="metric" data-testid={testId}>
      <span className="metric-label">{label}</span> {value}
    </span>
  );
}
