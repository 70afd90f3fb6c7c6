import { stringify } from 'yaml';
import type { ConfigProblem } from '../../shared/api';
import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import { planPlanoModels, type PlanoModelPlan, type PlanoRoute } from './plano-model-plan';
import { OPENAI_INTERFACE } from './plano-providers';
import { planoSecrets } from './plano-secrets';
import { planUpstreams } from './plano-upstreams';

export { containerReachableUrl, HOST_ALIAS } from './plano-upstreams';
export { keyEnvName } from './plano-secrets';

/**
 * Generates Plano's plano_config.yaml from Switchyard's providers (what each setting becomes is in the
 * README's configuration section). Keys never go into the file: each is referenced as `$ENV_NAME` and handed
 * to the container's environment under that name (Plano substitutes it when it starts).
 * What Plano cannot express is reported as config problems, and no file is generated then.
 */

export const PLANO_CONFIG_VERSION = 'v0.4.0';
/** Where the container reads its config, as Plano's own CLI mounts it. */
export const PLANO_CONFIG_CONTAINER_PATH = '/app/plano_config.yaml';

export interface PlanoConfigOptions {
  /** The model listener's port inside the container (the host port too when the network is `host`). */
  listenerPort: number;
  /** With host networking the container shares the host's loopback, so `localhost` stays as it is. */
  hostNetwork: boolean;
}

export interface PlanoModelProvider {
  model: string;
  access_key?: string;
  base_url?: string;
  provider_interface?: string;
  headers?: Record<string, string>;
  default?: true;
}

export interface GeneratedPlanoConfig {
  yaml: string;
  /** Environment the container needs: env name → key or header value. */
  env: Record<string, string>;
  /** Docker `ExtraHosts` entries the upstreams need beyond host.docker.internal. */
  extraHosts: string[];
  /** Plano model names with an entry of their own, in file order. */
  models: string[];
  /** Every pickable (provider, model) and the name Switchyard sends for it. */
  routes: PlanoRoute[];
}

interface Assembled {
  plan: PlanoModelPlan;
  entries: PlanoModelProvider[];
  env: Record<string, string>;
  extraHosts: string[];
  problems: ConfigProblem[];
}

function assemble(config: SwitchyardConfig, hostNetwork: boolean): Assembled {
  const plan = planPlanoModels(config);
  const upstreams = planUpstreams(plan.providers, hostNetwork);
  const secrets = planoSecrets(plan.providers.map((p) => p.provider));
  const entries: PlanoModelProvider[] = [];
  for (const planned of plan.providers) {
    const { provider } = planned;
    const urls = upstreams.urls.get(provider.name) ?? {};
    const auth = secrets.byProvider.get(provider.name) ?? {};
    const entry = (model: string, baseUrl: string | undefined, providerInterface: string | undefined): PlanoModelProvider => {
      const out: PlanoModelProvider = { model };
      if (baseUrl) out.base_url = baseUrl;
      if (providerInterface) out.provider_interface = providerInterface;
      if (auth.accessKey) out.access_key = auth.accessKey;
      if (auth.headers) out.headers = { ...auth.headers };
      return out;
    };
    for (const route of plan.routes) {
      if (route.provider !== provider.name || route.via !== 'model') continue;
      const own = entry(route.planoModel, urls.own, planned.providerInterface);
      if (route.planoModel === plan.defaultModel) own.default = true;
      entries.push(own);
    }
    if (planned.wildcardPrefix && urls.wildcard) entries.push(entry(`${planned.wildcardPrefix}/*`, urls.wildcard, OPENAI_INTERFACE));
  }
  return { plan, entries, env: secrets.env, extraHosts: upstreams.extraHosts, problems: inConfigOrder(config, [...plan.problems, ...upstreams.problems, ...secrets.problems]) };
}

/** One problem per path and message, provider by provider as the config lists them. */
function inConfigOrder(config: SwitchyardConfig, problems: ConfigProblem[]): ConfigProblem[] {
  const order = Object.keys(config.providers);
  const rank = (p: ConfigProblem): number => order.indexOf(p.path.split('.')[1] ?? '');
  const seen = new Set<string>();
  return problems
    .filter((p) => !seen.has(`${p.path}\u0000${p.message}`) && Boolean(seen.add(`${p.path}\u0000${p.message}`)))
    .sort((a, b) => rank(a) - rank(b));
}

/** What Plano cannot express in these providers, with the config path of each cause (none: none). */
export function planoConfigProblems(config: SwitchyardConfig): ConfigProblem[] {
  return assemble(config, false).problems;
}

export function generatePlanoConfig(config: SwitchyardConfig, options: PlanoConfigOptions): GeneratedPlanoConfig {
  if (!Number.isInteger(options.listenerPort) || options.listenerPort < 1 || options.listenerPort > 65535) {
    throw new SwitchyardError('CONFIG_INVALID', `listener port must be 1-65535, got ${String(options.listenerPort)}`, {
      details: { field: 'routing.plano_embedded.port' },
    });
  }
  if (Object.keys(config.providers).length === 0) {
    throw new SwitchyardError('CONFIG_INVALID', 'embedded Plano needs at least one provider under `providers`', {
      details: { field: 'providers' },
    });
  }
  const { plan, entries, env, extraHosts, problems } = assemble(config, options.hostNetwork);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new SwitchyardError('CONFIG_INVALID', `Plano cannot express this config: ${list}`, {
      retryable: false,
      details: { field: problems[0]!.path, problems },
    });
  }
  const document = {
    version: PLANO_CONFIG_VERSION,
    listeners: [{ type: 'model', name: 'llm', port: options.listenerPort }],
    model_providers: entries,
  };
  const header = '# Generated by Switchyard for its embedded Plano gateway. Edits are overwritten.\n';
  return {
    yaml: header + stringify(document, { aliasDuplicateObjects: false }),
    env,
    extraHosts,
    models: plan.routes.filter((r) => r.via === 'model').map((r) => r.planoModel),
    routes: plan.routes,
  };
}
