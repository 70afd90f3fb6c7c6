import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import { DirectRouter } from './direct-router';
import type { GatewayTarget } from './gateway-target';
import { PlanoEmbeddedRouter } from './plano-embedded-router';
import { PlanoProxyRouter } from './plano-proxy-router';
import type { Router, RouterDeps } from './types';

export interface CreateRouterDeps extends RouterDeps {
  /** The gateway embedded mode goes through (a GatewaySupervisor, say); ignored by the other modes. */
  gateway?: GatewayTarget;
}

/** Picks the router for `config.routing.mode`. */
export function createRouter(config: SwitchyardConfig, deps: CreateRouterDeps = {}): Router {
  const mode = config.routing.mode;
  switch (mode) {
    case 'direct':
      return new DirectRouter(config, deps);
    case 'plano_proxy':
      return new PlanoProxyRouter(config, deps);
    case 'plano_embedded':
      if (!deps.gateway) throw new SwitchyardError('INTERNAL', 'plano_embedded: createRouter needs deps.gateway, the gateway to route through (a GatewaySupervisor, say)');
      return new PlanoEmbeddedRouter(config, { ...deps, gateway: deps.gateway });
    default:
      throw new SwitchyardError('CONFIG_INVALID', `routing.mode: unknown mode '${String(mode)}'`, { details: { field: 'routing.mode' } });
  }
}
