import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';

/**
 * Model names as outside clients write them: `provider/model` for every model a provider lists, the
 * user's aliases (`fast` → `openai/gpt-4o-mini`), and a bare model id that one configured provider lists.
 */

export interface ModelTarget {
  provider: string;
  model: string;
}

export interface ListedModel {
  id: string;
  /** The provider's name, or `switchyard` for an alias. */
  ownedBy: string;
  /** Aliases: what they stand for. */
  target?: string;
}

export function splitTarget(target: string): ModelTarget {
  const slash = target.indexOf('/');
  return { provider: target.slice(0, slash), model: target.slice(slash + 1) };
}

/** Every pickable model as `provider/model` (default model first), then the aliases. */
export function listModels(config: SwitchyardConfig, aliases: Record<string, string>): ListedModel[] {
  const out: ListedModel[] = [];
  for (const p of Object.values(config.providers)) {
    for (const id of new Set([...(p.defaultModel ? [p.defaultModel] : []), ...p.models])) out.push({ id: `${p.name}/${id}`, ownedBy: p.name });
  }
  for (const [alias, target] of Object.entries(aliases)) out.push({ id: alias, ownedBy: 'switchyard', target });
  return out;
}

/**
 * What a client's `model` means. Absent: the router's default (first provider, its default model). An
 * unknown name is PROVIDER_NOT_FOUND naming how to fix it, rather than a guess at some provider.
 */
export function resolveModel(name: string | undefined, config: SwitchyardConfig, aliases: Record<string, string>): ModelTarget | undefined {
  if (name === undefined) return undefined;
  const alias = Object.hasOwn(aliases, name) ? aliases[name] : undefined;
  if (alias !== undefined) return splitTarget(alias);
  const slash = name.indexOf('/');
  if (slash > 0 && Object.hasOwn(config.providers, name.slice(0, slash))) return splitTarget(name);
  for (const p of Object.values(config.providers)) {
    if (p.defaultModel === name || p.models.includes(name)) return { provider: p.name, model: name };
  }
  throw new SwitchyardError(
    'PROVIDER_NOT_FOUND',
    `model: '${name}' is not a model Switchyard knows: use provider/model (GET /v1/models lists them) or add an alias under endpoint.aliases in the config`,
    { details: { field: 'model', model: name, providers: Object.keys(config.providers) } },
  );
}
