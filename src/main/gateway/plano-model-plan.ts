import type { ConfigProblem } from '../../shared/api';
import type { ProviderConfig, SwitchyardConfig } from '../../shared/config';
import { OPENAI_INTERFACE, PLAIN_PATH_PROVIDERS, PLANO_BUILT_IN, RESERVED_PREFIXES } from './plano-providers';

/**
 * Which Plano model name each Switchyard (provider, model) pair gets, so that Plano's matching rules
 * (exact name or id, then the part after the first `/`, then a `prefix/*` wildcard; ids unique across the
 * file) send every pickable model to its own provider and nowhere else.
 *
 * - Every provider gets a name prefix of its own: Plano's name for it when it is the first provider reaching
 *   that known provider, otherwise one made from its Switchyard name (with `provider_interface: openai`).
 * - Each listed model becomes an entry `prefix/model`, unless its id (or full name) clashes with another
 *   provider's: then every clashing model is served through its provider's catch-all `slug/*` entry, which
 *   Plano matches by prefix only when no entry owns the bare id. OpenAI-compatible providers always get such
 *   a catch-all, so a model id typed in by hand reaches them too.
 * - Anthropic-format providers can only be reached as Plano's `anthropic` (it has no Anthropic interface
 *   for other names), so they cannot have a catch-all: a clash there is a config problem.
 */

export interface PlannedProvider {
  provider: ProviderConfig;
  /** `prefix/` of this provider's own entries. */
  prefix: string;
  /** Prefix of its catch-all `prefix/*` entry (never a name Plano knows); absent for Anthropic-format providers. */
  wildcardPrefix?: string;
  /** False: its entries use Plano's built-in endpoint for `prefix` (no base_url). */
  ownEndpoint: boolean;
  /** `openai` when `prefix` is not a provider Plano knows. */
  providerInterface?: string;
}

export interface PlanoRoute {
  provider: string;
  model: string;
  /** The exact name Switchyard sends to the gateway for this model. */
  planoModel: string;
  /** `model`: an entry of its own; `wildcard`: through the provider's catch-all. */
  via: 'model' | 'wildcard';
}

export interface PlanoModelPlan {
  providers: PlannedProvider[];
  /** Every listed model (and default model) of every provider, in config order. */
  routes: PlanoRoute[];
  /** The names and ids Plano will index (entries of their own): a catch-all request must avoid them. */
  indexed: ReadonlySet<string>;
  /** The entry marked `default: true`, if any. */
  defaultModel?: string;
  problems: ConfigProblem[];
}

interface Candidate {
  planned: PlannedProvider;
  model: string;
  name: string;
  path: string;
}

export function planPlanoModels(config: SwitchyardConfig): PlanoModelPlan {
  const problems: ConfigProblem[] = [];
  const providers = assignPrefixes(Object.values(config.providers), problems);

  const candidates: Candidate[] = [];
  for (const planned of providers) {
    const pickable = pickableModels(planned.provider);
    if (pickable.length === 0 && !planned.wildcardPrefix) {
      problems.push({ path: `providers.${planned.provider.name}.models`, message: KEYS_ONLY_ANTHROPIC });
    }
    for (const { model, path } of pickable) {
      const bad = badModelId(model);
      if (bad) problems.push({ path, message: bad });
      else candidates.push({ planned, model, name: `${planned.prefix}/${model}`, path });
    }
  }

  // Move clashing models to their catch-alls until nothing clashes: a move can expose a new clash, because
  // a catch-all request `slug/m` is answered by any entry that owns `slug/m` or the bare `m`.
  const viaWildcard = new Set<Candidate>();
  const dropped = new Set<Candidate>();
  let own = candidates;
  for (;;) {
    const owners = indexOwners(own);
    const clashing = new Set(own.filter((c) => owners.get(c.name)!.length > 1 || owners.get(c.model)!.length > 1));
    for (const w of viaWildcard) {
      for (const key of [`${w.planned.wildcardPrefix}/${w.model}`, w.model]) for (const c of owners.get(key) ?? []) clashing.add(c);
    }
    if (clashing.size === 0) break;
    for (const c of clashing) {
      if (c.planned.wildcardPrefix) viaWildcard.add(c);
      else {
        dropped.add(c);
        problems.push({ path: c.path, message: anthropicClash(c, providers) });
      }
    }
    own = own.filter((c) => !clashing.has(c));
  }

  const routes: PlanoRoute[] = candidates
    .filter((c) => !dropped.has(c))
    .map((c) => {
      const provider = c.planned.provider.name;
      return viaWildcard.has(c)
        ? { provider, model: c.model, planoModel: `${c.planned.wildcardPrefix}/${c.model}`, via: 'wildcard' }
        : { provider, model: c.model, planoModel: c.name, via: 'model' };
    });
  const indexed = new Set(own.flatMap((c) => [c.name, c.model]));
  // Plano refuses a wildcard default; the first provider's default model is preferred when it has an entry.
  const first = providers[0]?.provider;
  const preferred = first?.defaultModel !== undefined ? routes.find((r) => r.provider === first.name && r.model === first.defaultModel && r.via === 'model') : undefined;
  const defaultModel = (preferred ?? routes.find((r) => r.via === 'model'))?.planoModel;
  const plan: PlanoModelPlan = { providers, routes, indexed, problems };
  if (defaultModel !== undefined) plan.defaultModel = defaultModel;
  return plan;
}

/** The models a user can pick for a provider: its list plus its default model, with where each is written. */
export function pickableModels(provider: ProviderConfig): { model: string; path: string }[] {
  const out = provider.models.map((model, i) => ({ model, path: `providers.${provider.name}.models.${i}` }));
  if (provider.defaultModel !== undefined && !provider.models.includes(provider.defaultModel)) {
    out.unshift({ model: provider.defaultModel, path: `providers.${provider.name}.default_model` });
  }
  const seen = new Set<string>();
  return out.filter((m) => !seen.has(m.model) && Boolean(seen.add(m.model)));
}

/** True when the provider's base URL is the one Plano's built-in endpoint for `name` serves. */
export function usesBuiltInEndpoint(name: string, provider: ProviderConfig): boolean {
  const builtIn = PLANO_BUILT_IN[name];
  if (!builtIn) return false;
  const url = provider.baseUrl.replace(/\/+$/, '');
  return builtIn.usual.includes(url) && (provider.type === 'anthropic') === (name === 'anthropic');
}

function assignPrefixes(providers: ProviderConfig[], problems: ConfigProblem[]): PlannedProvider[] {
  const taken = new Set<string>();
  const slug = (provider: ProviderConfig): string => {
    const clean = (s: string): string => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
    const candidates = [provider.planoProvider, provider.name].map(clean).filter((s) => s !== '' && !RESERVED_PREFIXES.has(s));
    let base = candidates.find((c) => !taken.has(c)) ?? `switchyard-${clean(provider.name)}`;
    for (let n = 2; taken.has(base); n++) base = `switchyard-${clean(provider.name)}-${n}`;
    taken.add(base);
    return base;
  };
  const planned: PlannedProvider[] = [];
  for (const provider of providers) {
    const known = provider.planoProvider.toLowerCase();
    if (provider.type === 'anthropic') {
      if (known !== 'anthropic') {
        problems.push({
          path: `providers.${provider.name}.plano_provider`,
          message: `Plano reaches Anthropic-format providers only as 'anthropic' (it has no Anthropic interface for '${provider.planoProvider}'); remove plano_provider or set it to anthropic`,
        });
      }
      // Several Anthropic-format providers share the name: Plano tells them apart by model id.
      const builtIn = usesBuiltInEndpoint('anthropic', provider) && !taken.has('anthropic');
      taken.add('anthropic');
      planned.push({ provider, prefix: 'anthropic', ownEndpoint: !builtIn });
      continue;
    }
    if (!taken.has(known) && usesBuiltInEndpoint(known, provider)) {
      taken.add(known);
      planned.push({ provider, prefix: known, wildcardPrefix: slug(provider), ownEndpoint: false });
    } else if (!taken.has(known) && PLAIN_PATH_PROVIDERS.has(known) && !PLANO_BUILT_IN[known]) {
      // Known providers without a built-in endpoint (ollama, openrouter, qwen) keep their Plano name.
      taken.add(known);
      planned.push({ provider, prefix: known, wildcardPrefix: slug(provider), ownEndpoint: true });
    } else {
      // Anything else, including a known name at an unusual URL (a proxy, a local server): a name of its own.
      const prefix = slug(provider);
      planned.push({ provider, prefix, wildcardPrefix: prefix, ownEndpoint: true, providerInterface: OPENAI_INTERFACE });
    }
  }
  return planned;
}

function indexOwners(own: Candidate[]): Map<string, Candidate[]> {
  const owners = new Map<string, Candidate[]>();
  for (const c of own) {
    for (const key of [c.name, c.model]) {
      const list = owners.get(key);
      if (list) list.push(c);
      else owners.set(key, [c]);
    }
  }
  return owners;
}

function badModelId(model: string): string | undefined {
  // Plano's container runs envsubst over its rendered config: a `$` would be replaced.
  if (model.includes('$')) return `model id '${model}' contains '$', which Plano's start-up substitution would replace`;
  if (model === '*' || model.endsWith('/*')) return `model id '${model}' would be a Plano wildcard; list the models by name`;
  if (/\s/.test(model)) return `model id '${model}' contains white space, which Plano's model names cannot carry`;
  return undefined;
}

const KEYS_ONLY_ANTHROPIC =
  "Plano reaches an Anthropic-format provider only through the models listed for it (it cannot give one a catch-all of its own): list the models you use, or set default_model";

function anthropicClash(c: Candidate, providers: PlannedProvider[]): string {
  const others = providers
    .filter((p) => p !== c.planned && pickableModels(p.provider).some((m) => m.model === c.model || `${p.prefix}/${m.model}` === c.model))
    .map((p) => p.provider.name);
  const also = others.length > 0 ? ` (${others.join(', ')} also offer${others.length === 1 ? 's' : ''} it)` : '';
  return `Plano cannot keep model '${c.model}' of Anthropic-format provider '${c.planned.provider.name}' apart from the same model elsewhere${also}: model ids must be unique in Plano, and an Anthropic-format provider cannot have a name of its own there. Remove it from one of them`;
}
