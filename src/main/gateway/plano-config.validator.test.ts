import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ProviderConfig, SwitchyardConfig } from '../../shared/config';
import { configFileSchema } from '../../shared/config-schema';
import { resolveConfig } from '../config/resolve-config';
import { ENV, SETUPS, type Setup } from '../../../test/plano/provider-setups';
import { validateWithPlano, validatorMissing, VALIDATOR } from '../../../test/plano/plano-validator';
import { renderPlanoConfig, type RenderedConfig, type RenderedProvider } from '../../../test/mocks/plano-standin-render.mjs';
import { BUILT_IN_CLUSTERS, routeRequest } from '../../../test/mocks/plano-standin-routing.mjs';
import { generatePlanoConfig, type GeneratedPlanoConfig } from './plano-config';
import { pickableModels } from './plano-model-plan';
import { PlanoModelMap } from './plano-model-map';
import { PLANO_BUILT_IN } from './plano-providers';

/**
 * Every realistic setup through Plano 0.4.36's own validator: accepted, and in the rendered config every
 * pickable model (and a model typed by hand, for OpenAI-compatible providers) resolves by Plano's matching
 * rules to its own provider's endpoint, with its own key and headers, and the model id the user picked.
 */

const missing = await validatorMissing();
const TYPED = 'a-model-typed-by-hand';

function configFor(setup: Setup): SwitchyardConfig {
  const file = configFileSchema.parse({
    routing: { mode: 'plano_embedded', plano_embedded: { network: setup.hostNetwork ? 'host' : '' } },
    providers: setup.providers,
  });
  return resolveConfig(file, { ...ENV, ...setup.env });
}

/** protocol://host:port/path, with every way of naming this machine from the container written `host-machine`. */
function normalize(url: string, generated: GeneratedPlanoConfig, hostNetwork: boolean): string {
  const u = new URL(url);
  const aliases = new Map(generated.extraHosts.map((h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1)]));
  const host = u.hostname;
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const thisMachine = hostNetwork
    ? ['localhost', '127.0.0.1'].includes(host) || aliases.get(host) === '127.0.0.1'
    : host === 'host.docker.internal' || aliases.get(host) === 'host-gateway';
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(host);
  return `${u.protocol}//${thisMachine || loopback ? 'host-machine' : host}:${port}${u.pathname}`;
}

/**
 * Where the user meant the request to go: Direct's URL for the provider, as a chat-completions call
 * (Plano puts `/v1` in front when the base URL has no path; Anthropic is reached through its
 * OpenAI-compatible /v1/chat/completions).
 */
function intendedUrl(provider: ProviderConfig): string {
  const base = new URL(provider.baseUrl);
  let path = base.pathname.replace(/\/+$/, '');
  if (provider.type === 'anthropic' && !path.endsWith('/v1')) path += '/v1';
  if (path === '') path = '/v1';
  return `${base.protocol}//${base.host}${path}/chat/completions`;
}

const FIELDS = ['name', 'model', 'provider_interface', 'access_key', 'base_url', 'base_url_path_prefix', 'endpoint', 'port', 'protocol', 'cluster_name', 'headers', 'default'] as const;
const pickFields = (p: Partial<RenderedProvider>): Record<string, unknown> => Object.fromEntries(FIELDS.filter((f) => p[f] !== undefined).map((f) => [f, p[f]]));

describe.skipIf(missing !== undefined)(`generated configs judged by Plano's validator (${VALIDATOR})`, () => {
  it('has at least twenty setups', () => {
    expect(SETUPS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(SETUPS.map((s) => [s.name, s] as const))('%s: accepted, and every pickable model routes 1:1', async (_name, setup) => {
    const config = configFor(setup);
    const generated = generatePlanoConfig(config, { listenerPort: 12000, hostNetwork: setup.hostNetwork === true });
    const verdict = await validateWithPlano(generated.yaml);
    if (!verdict.accepted) expect.fail(`Plano rejected the generated config: ${verdict.error}\n${generated.yaml}`);
    const rendered = verdict.rendered as unknown as RenderedConfig;

    // The stand-in reads the file exactly as Plano renders it.
    const ours = renderPlanoConfig(parse(generated.yaml)).model_providers.map(pickFields);
    expect(ours).toEqual(rendered.model_providers.filter((p) => !p.internal).map(pickFields));

    // No key value is in the file; each travels as an env var the container gets.
    for (const value of Object.values(ENV)) expect(generated.yaml).not.toContain(value);

    const map = new PlanoModelMap(config);
    const env = { ...generated.env, ...config.routing.planoEmbedded.env };
    const listed = new Set(rendered.model_providers.map((p) => p.name));
    for (const provider of Object.values(config.providers)) {
      const models = pickableModels(provider).map((m) => m.model);
      if (provider.type === 'openai') models.push(TYPED);
      for (const model of models) {
        const name = map.toPlano(provider.name, model);
        const where = `${provider.name} / ${model} as '${name}'`;
        const route = routeRequest(rendered, name, env);
        if ('status' in route) expect.fail(`${where}: Plano answers ${route.status} ${route.message}`);
        expect(normalize(route.url, generated, setup.hostNetwork === true), where).toBe(normalize(intendedUrl(provider), generated, setup.hostNetwork === true));
        expect(route.upstreamModel, where).toBe(model);
        expect(route.key, where).toBe(provider.apiKey);
        if (provider.apiKey) expect(route.keyRef, where).toMatch(/^\$[A-Z_][A-Z0-9_]*$/);
        for (const [header, value] of Object.entries(provider.headers)) expect(route.headers[header.toLowerCase()], `${where}: ${header}`).toBe(value);
        expect(map.fromPlano(name), where).toEqual({ provider: provider.name, model });
        // A model with an entry of its own is in Plano's /v1/models under the same name.
        if (model !== TYPED && generated.models.includes(name)) expect(listed.has(name)).toBe(true);
      }
    }
  });

  it("Plano's Envoy template has the built-in upstreams the generator and the stand-in assume", () => {
    const template = readFileSync(join(dirname(VALIDATOR), 'config', 'envoy.template.yaml'), 'utf8');
    const clusters = new Map<string, string>();
    for (const m of template.matchAll(/- name: (\w+)\n(?:.*\n){1,12}?\s+address: ([\w.-]+)\n/g)) if (!clusters.has(m[1]!)) clusters.set(m[1]!, m[2]!);
    for (const [name, host] of Object.entries(BUILT_IN_CLUSTERS)) expect(clusters.get(name), name).toBe(host);
    for (const [name, { host }] of Object.entries(PLANO_BUILT_IN)) expect(clusters.get(name), name).toBe(host);
  });
});
