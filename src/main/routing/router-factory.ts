import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import { DirectRouter } from './direct-router';
import { PlanoEmbeddedRouter, type PlanoEmbeddedDeps } from './plano-embedded-router';
import { PlanoProxyRouter } from './plano-proxy-router';
import type { Router } from './types';

/** Picks the router for `config.routing.mode`. The embedded-only deps are ignored by the other modes. */
export function createRouter(config: SwitchyardConfig, deps: PlanoEmbeddedDeps = {}): Router {
  const mode = config.routing.mode;
  switch (mode) {
    case 'direct':
      return new DirectRouter(config, deps);
    case 'plano_proxy':
      return new PlanoProxyRouter(config, deps);
    case 'plano_embedded':
      return new PlanoEmbeddedRouter(config, deps);
    default:
      throw new SwitchyardError('CONFIG_INVALID', `routing.mode: unknown mode '${String(mode)}'`, { details: { field: 'routing.mode' } });
  }
}
