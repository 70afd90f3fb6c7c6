import type { RouterState } from '../../../../shared/api';
import type { RoutingMode } from '../../../../shared/chat';
import type { GatewayStatus } from '../../../../shared/gateway';

export type HopState = 'healthy' | 'starting' | 'checking' | 'failing' | 'fallen-back' | 'stopped' | 'unknown';

export const HOP_LABELS: Record<HopState, string> = {
  healthy: 'healthy',
  starting: 'starting',
  checking: 'checking…',
  failing: 'failing',
  'fallen-back': 'fallen back',
  stopped: 'stopped',
  unknown: 'not used yet',
};

/** Each path's live state for the diagram, from the router state and the gateway supervisor. */
export function hopStates(router: RouterState | undefined, gateway: GatewayStatus | undefined): Record<RoutingMode, HopState> {
  const latency = router?.lastLatencyMs ?? {};
  const direct: HopState = router && router.providers.length === 0 ? 'failing' : latency.direct !== undefined ? 'healthy' : 'unknown';
  // The proxy's own health check (made when its URL changes) says more than an old request's latency.
  const health = router?.proxyHealth;
  const proxy: HopState =
    health?.state === 'failing' ? 'failing' : health?.state === 'checking' ? 'checking' : latency.plano_proxy !== undefined || health?.state === 'healthy' ? 'healthy' : 'unknown';
  let embedded: HopState = 'unknown';
  if (gateway) {
    switch (gateway.phase) {
      case 'ready':
        embedded = 'healthy';
        break;
      case 'pulling':
      case 'creating':
      case 'starting':
      case 'restarting':
        embedded = 'starting';
        break;
      case 'unhealthy':
      case 'failed':
        embedded = 'failing';
        break;
      case 'stopping':
      case 'stopped':
      case 'idle':
        embedded = 'stopped';
        break;
    }
    if (!gateway.engine.reachable) embedded = 'failing';
  }
  if ((router?.fallbackActive && router.mode === 'plano_embedded') || gateway?.fallbackActive) embedded = 'fallen-back';
  if (router?.fallbackActive && router.mode === 'plano_proxy') return { direct, plano_proxy: 'fallen-back', plano_embedded: embedded };
  return { direct, plano_proxy: proxy, plano_embedded: embedded };
}
