import type { RouterState } from '../../../../shared/api';
import type { RoutingMode } from '../../../../shared/chat';
import type { GatewayStatus } from '../../../../shared/gateway';
import { formatMs } from '../../lib/format';
import { HOP_LABELS, hopStates, type HopState } from './hop-state';

/**
 * app → router → provider, via nothing (Direct), the Plano gateway (proxy) or the Plano container
 * (embedded). The path serving requests is highlighted; a fallen-back path is drawn dashed in red.
 */

const W = 760;
const H = 280;
const NODE_W = 150;
const NODE_H = 54;
const POS = {
  app: { x: 20, y: 113 },
  router: { x: 200, y: 113 },
  plano_proxy: { x: 405, y: 22 },
  plano_embedded: { x: 405, y: 204 },
  provider: { x: 600, y: 113 },
};

export function RouteDiagram({ router, gateway }: { router: RouterState | undefined; gateway: GatewayStatus | undefined }) {
  const states = hopStates(router, gateway);
  const servedBy = router?.servedBy ?? 'direct';
  const configured = router?.mode ?? 'direct';
  const latency = router?.lastLatencyMs ?? {};
  const providerNames = router?.providers.map((p) => p.name).join(', ') || 'none configured';

  const mid = (n: keyof typeof POS, side: 'l' | 'r') => ({ x: POS[n].x + (side === 'r' ? NODE_W : 0), y: POS[n].y + NODE_H / 2 });
  const path = (mode: RoutingMode): string => {
    const r = mid('router', 'r');
    const p = mid('provider', 'l');
    if (mode === 'direct') return `M${r.x},${r.y} L${p.x},${p.y}`;
    const g1 = mid(mode, 'l');
    const g2 = mid(mode, 'r');
    return `M${r.x},${r.y} C${r.x + 50},${r.y} ${g1.x - 50},${g1.y} ${g1.x},${g1.y} M${g2.x},${g2.y} C${g2.x + 50},${g2.y} ${p.x - 50},${p.y} ${p.x},${p.y}`;
  };
  const edgeClass = (mode: RoutingMode): string => {
    const parts = ['edge', `hop-${states[mode]}`];
    if (mode === servedBy) parts.push('edge-active');
    if (mode === configured && mode !== servedBy) parts.push('edge-fallen');
    return parts.join(' ');
  };
  const labelPos: Record<RoutingMode, { x: number; y: number }> = {
    direct: { x: 480, y: 132 },
    plano_proxy: { x: 480, y: 96 },
    plano_embedded: { x: 480, y: 276 },
  };

  return (
    <figure className="diagram" data-testid="route-diagram" data-served-by={servedBy}>
      <svg viewBox={`0 0 ${W} ${H + 10}`} role="img" aria-labelledby="diagram-title diagram-desc">
        <title id="diagram-title">Route diagram</title>
        <desc id="diagram-desc">
          Requests go from the app to the router, then {servedBy === 'direct' ? 'directly' : servedBy === 'plano_proxy' ? 'through the Plano gateway' : 'through the Plano container'} to the provider.
        </desc>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="arrow-head" />
          </marker>
        </defs>
        <path d={`M${mid('app', 'r').x},${mid('app', 'r').y} L${mid('router', 'l').x},${mid('router', 'l').y}`} className="edge edge-active" markerEnd="url(#arrow)" />
        {(['direct', 'plano_proxy', 'plano_embedded'] as const).map((mode) => (
          <g key={mode} data-testid={`route-path-${mode}`} data-active={mode === servedBy} data-state={states[mode]}>
            <path d={path(mode)} className={edgeClass(mode)} markerEnd="url(#arrow)" fill="none" />
            <text x={labelPos[mode].x} y={labelPos[mode].y} className="edge-label" textAnchor="middle">
              {hopLabel(mode, states[mode], latency[mode], router)}
            </text>
          </g>
        ))}
        <Node x={POS.app.x} y={POS.app.y} title="Switchyard app" sub="you" active />
        <Node x={POS.router.x} y={POS.router.y} title="Router" sub={`mode: ${configured.replace('_', ' ')}`} active />
        <Node x={POS.plano_proxy.x} y={POS.plano_proxy.y} title="Plano gateway" sub="external proxy" active={servedBy === 'plano_proxy'} state={states.plano_proxy} />
        <Node x={POS.plano_embedded.x} y={POS.plano_embedded.y} title="Plano container" sub={gateway ? `${gateway.phase}${gateway.port ? ` · :${gateway.port}` : ''}` : 'embedded'} active={servedBy === 'plano_embedded'} state={states.plano_embedded} />
        <Node x={POS.provider.x} y={POS.provider.y} title="Provider" sub={providerNames} active state={states[servedBy]} />
      </svg>
      <figcaption className="diagram-legend">
        <span><i className="dot hop-healthy" /> healthy</span>
        <span><i className="dot hop-starting" /> starting</span>
        <span><i className="dot hop-failing" /> failing</span>
        <span><i className="dot hop-fallen-back" /> fallen back</span>
      </figcaption>
    </figure>
  );
}

/** `healthy · 12 ms`; for the proxy, what its health check found when no request has been served since. */
function hopLabel(mode: RoutingMode, state: HopState, latencyMs: number | undefined, router: RouterState | undefined): string {
  const health = mode === 'plano_proxy' ? router?.proxyHealth : undefined;
  if (health?.state === 'failing') return `unreachable · ${health.error ?? `HTTP ${health.status}`}`.slice(0, 48);
  const ms = latencyMs ?? (health?.state === 'healthy' ? health.latencyMs : undefined);
  return `${HOP_LABELS[state]}${ms !== undefined ? ` · ${formatMs(ms)}` : ''}`;
}

function Node({ x, y, title, sub, active, state }: { x: number; y: number; title: string; sub: string; active: boolean; state?: HopState }) {
  return (
    <g className={`node ${active ? 'node-active' : ''} ${state ? `hop-${state}` : ''}`} transform={`translate(${x},${y})`}>
      <rect width={NODE_W} height={NODE_H} rx={10} />
      {state && <circle cx={NODE_W - 12} cy={12} r={5} className={`dot-svg hop-${state}`} />}
      <text x={12} y={23} className="node-title">
        {title}
      </text>
      <text x={12} y={41} className="node-sub">
        {sub.length > 20 ? `${sub.slice(0, 19)}…` : sub}
      </text>
    </g>
  );
}
