import { parse } from 'yaml';
import type { GatewayRoute } from '../../shared/gateway';

/**
 * Where Plano sends each model, read back from the plano_config.yaml the gateway runs with (whatever
 * generated it): the model name clients send, the upstream (`base_url`, or Plano's own endpoint for a
 * provider it knows by name), the key's `$ENV` reference and the default. Unreadable text → no routes.
 */
export function routesFromPlanoConfig(yaml: string): GatewayRoute[] {
  let doc: unknown;
  try {
    doc = parse(yaml);
  } catch {
    return [];
  }
  const record = (doc ?? {}) as { model_providers?: unknown; llm_providers?: unknown };
  const entries = Array.isArray(record.model_providers) ? record.model_providers : Array.isArray(record.llm_providers) ? record.llm_providers : [];
  const routes: GatewayRoute[] = [];
  for (const raw of entries) {
    const e = (raw ?? {}) as Record<string, unknown>;
    if (typeof e.model !== 'string') continue;
    const prefix = e.model.includes('/') ? e.model.slice(0, e.model.indexOf('/')) : e.model;
    const base = typeof e.base_url === 'string' ? e.base_url : typeof e.endpoint === 'string' ? e.endpoint : undefined;
    const route: GatewayRoute = {
      model: e.model,
      upstream: base ?? `Plano's own ${typeof e.provider_interface === 'string' ? e.provider_interface : prefix} endpoint`,
      default: e.default === true,
    };
    if (typeof e.access_key === 'string') route.accessKey = e.access_key;
    routes.push(route);
  }
  return routes;
}
