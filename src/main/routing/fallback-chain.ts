import type { RoutingConfig, SwitchyardConfig } from '../../shared/config';
import type { SwitchyardError } from '../../shared/errors';
import type { ResolvedRequest } from './resolve-request';

/**
 * The models to try after the one asked for, in order: `routing.fallbacks['provider/model']`, else
 * `['provider/*']`. Not transitive: a fallback's own chain is not followed. Entries naming a provider
 * that is not configured are left out (the config check reports them).
 */
export function fallbackHops(config: SwitchyardConfig, resolved: ResolvedRequest): ResolvedRequest[] {
  const chains = config.routing.fallbacks;
  if (chains === undefined || !config.routing.enableFallback) return [];
  const name = resolved.provider.name;
  const chain = chains[`${name}/${resolved.model}`] ?? chains[`${name}/*`];
  if (chain === undefined) return [];
  const hops: ResolvedRequest[] = [];
  for (const ref of chain) {
    const slash = ref.indexOf('/');
    const provider = config.providers[ref.slice(0, slash)];
    const model = ref.slice(slash + 1);
    if (provider !== undefined) hops.push({ provider, model, wire: { ...resolved.wire, model } });
  }
  return hops;
}

/** `provider/model`, as chains and the trace name a hop. */
export function hopName(hop: ResolvedRequest): string {
  return `${hop.provider.name}/${hop.model}`;
}

/**
 * Why a failure before the first token is worth another model, or undefined when it is not: a cancel,
 * a request the router itself refused, and a request the provider said was wrong (400, 413, 422) would
 * fail the same anywhere — except, when switched on, a context window too small.
 */
export function fallbackReason(error: SwitchyardError, routing: Pick<RoutingConfig, 'contextWindowFallback'>): string | undefined {
  if (error.code === 'CANCELLED' || error.code === 'INVALID_REQUEST' || error.code === 'VALIDATION_FAILED') return undefined;
  if (error.details.contextWindow === true) return routing.contextWindowFallback === true ? `too long for the context window: ${error.message}` : undefined;
  const status = error.details.status;
  if (error.code === 'UPSTREAM_ERROR' && (status === 400 || status === 413 || status === 422)) return undefined;
  return error.message;
}
