import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import { planPlanoModels, type PlanoModelPlan, type PlanoRoute } from './plano-model-plan';

/**
 * Switchyard's (provider, model) ↔ the Plano model name the generated config gives it. The embedded router
 * sends the Plano name to the gateway, and turns a Plano name (from the gateway's model list, say) back into
 * the provider's own model id before Direct serves it; the model picker lists models by Switchyard provider.
 */
export class PlanoModelMap {
  readonly routes: readonly PlanoRoute[];
  readonly #plan: PlanoModelPlan;
  readonly #byPair = new Map<string, PlanoRoute>();
  readonly #byName = new Map<string, PlanoRoute>();

  constructor(config: SwitchyardConfig) {
    this.#plan = planPlanoModels(config);
    this.routes = this.#plan.routes;
    for (const route of this.routes) {
      this.#byPair.set(pairKey(route.provider, route.model), route);
      this.#byName.set(route.planoModel, route);
    }
  }

  /** The model is one the config lists (or names as default) for that provider. */
  lists(provider: string, model: string): boolean {
    return this.#byPair.has(pairKey(provider, model));
  }

  /**
   * The name to send for a model of a provider. A listed model has its own; any other goes through the
   * provider's catch-all, unless Plano would answer that name from another entry (then the user must list it).
   */
  toPlano(provider: string, model: string): string {
    const listed = this.#byPair.get(pairKey(provider, model));
    if (listed) return listed.planoModel;
    const planned = this.#plan.providers.find((p) => p.provider.name === provider);
    const wildcard = planned?.wildcardPrefix;
    const name = wildcard ? `${wildcard}/${model}` : undefined;
    if (name !== undefined && !this.#plan.indexed.has(name) && !this.#plan.indexed.has(model)) return name;
    const owner = this.#byName.get(name ?? '') ?? this.routes.find((r) => r.via === 'model' && (r.model === model || r.planoModel === model));
    const why = !wildcard
      ? `Plano reaches Anthropic-format providers only through listed models`
      : `Plano would answer '${name}' with ${owner ? `provider '${owner.provider}''s ${owner.planoModel}` : 'another entry'}`;
    throw new SwitchyardError('INVALID_REQUEST', `model: '${model}' of provider '${provider}' cannot go through the embedded gateway (${why}); add it to providers.${provider}.models`, {
      retryable: false,
      details: { field: 'model', provider, model },
    });
  }

  /** A Plano name this config generates (or a catch-all name of a provider) → the provider and its model id. */
  fromPlano(name: string): { provider: string; model: string } | undefined {
    const route = this.#byName.get(name);
    if (route) return { provider: route.provider, model: route.model };
    const slash = name.indexOf('/');
    if (slash <= 0) return undefined;
    const prefix = name.slice(0, slash);
    const planned = this.#plan.providers.find((p) => p.wildcardPrefix === prefix) ?? this.#plan.providers.find((p) => p.prefix === prefix);
    return planned ? { provider: planned.provider.name, model: name.slice(slash + 1) } : undefined;
  }
}

function pairKey(provider: string, model: string): string {
  return `${provider}\u0000${model}`;
}
