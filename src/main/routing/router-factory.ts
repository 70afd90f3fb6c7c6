import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import { DirectRouter } from './direct-router';
import { PlanoProxyRouter } from './plano-proxy-router';
import type { Router, RouterDeps } from './types';

/** Picks the router for `config.routing.mode`. */
export function createRouter(config: SwitchyardConfig, deps: RouterDeps = {}): Router {
  const mode = config.routing.mode;
  switch (mode) {
    case 'direct':
      return new DirectRouter(config, deps);
    case 'plano_proxy':
      return new PlanoProxyRouter(config, deps);
    case 'plano_embedded':
      throw new SwitchyardError('CONTAINER_FAILED', 'plano_embedded mode: not yet implemented', { details: { field: 'routing.mode' } });
    default:
      throw new SwitchyardError('CONFIG_INVALID', `routing.mode: unknown mode '${String(mode)}'`, { details: { field: 'routing.mode' } });
  }
}
