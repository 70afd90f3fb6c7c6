// @ts-check
/**
 * How Plano 0.4.36 routes a chat request by its rendered config, written from the facts in
 * /work/shared/plano-0.4.36/README.md and its Envoy template:
 * - the model is looked up by exact name or id, then (for `a/b`) `b`, then the `a/*` wildcard, whose id
 *   becomes `b`; nothing found → 400 `Model '<m>' not found in configured providers`;
 * - an entry with an endpoint goes to the upstream cluster `cluster_name`, which keeps the first entry's
 *   endpoint, port and protocol; without one it goes to Plano's built-in cluster for its interface;
 * - the path is the base URL's path (else `/v1`, Groq's `/openai` + the request path, Gemini's
 *   `/v1beta/openai`, Zhipu's `/api/paas/v4`) followed by `/chat/completions`; a chat-completions request
 *   stays one for every provider, Anthropic included (its OpenAI-compatible endpoint);
 * - the configured key replaces the client's as `Authorization: Bearer` and then the entry's headers are
 *   set; with no key Plano refuses a built-in upstream, and for one with an endpoint forwards the client's
 *   headers without the entry's.
 * `$NAME` in the rendered config is substituted from the environment (Plano runs envsubst over it).
 */

/** Built-in upstream clusters in Plano's Envoy template (tests check this table against the template). */
export const BUILT_IN_CLUSTERS = {
  anthropic: 'api.anthropic.com',
  deepseek: 'api.deepseek.com',
  xai: 'api.x.ai',
  moonshotai: 'api.moonshot.ai',
  zhipu: 'open.bigmodel.cn',
  together_ai: 'api.together.xyz',
  gemini: 'generativelanguage.googleapis.com',
  groq: 'api.groq.com',
  mistral: 'api.mistral.ai',
  openai: 'api.openai.com',
  digitalocean: 'inference.do-ai.run',
  xiaomi: 'api.xiaomimimo.com',
};

/**
 * @typedef {import('./plano-standin-render.mjs').RenderedProvider} RenderedProvider
 * @typedef {import('./plano-standin-render.mjs').RenderedConfig} RenderedConfig
 */

/**
 * @typedef {object} PlanoRoute
 * @property {RenderedProvider} entry    the entry that matched
 * @property {string} upstreamModel       the `model` sent upstream
 * @property {string} cluster
 * @property {string} url                 protocol://host:port/path as Plano would connect
 * @property {string | undefined} keyRef  the entry's access_key as written (`$ENV` or a literal)
 * @property {string | undefined} key     the key after substitution
 * @property {Record<string, string>} headers  what Plano sets upstream (auth and the entry's headers)
 */

/** @param {RenderedProvider[]} providers */
function index(providers) {
  /** @type {Map<string, RenderedProvider>} */
  const byKey = new Map();
  /** @type {Map<string, RenderedProvider>} */
  const wildcards = new Map();
  for (const p of providers) {
    if (p.model === '*' || p.model.endsWith('/*')) {
      wildcards.set(p.name.replace(/\/?\*$/, ''), p);
      continue;
    }
    byKey.set(p.name, p);
    byKey.set(p.model, p);
  }
  return { byKey, wildcards };
}

/**
 * Plano's model lookup (crates/common/src/llm_providers.rs, `get`).
 * @param {RenderedConfig} config @param {string} requested
 * @returns {{ entry: RenderedProvider, upstreamModel: string } | undefined}
 */
export function lookupModel(config, requested) {
  const { byKey, wildcards } = index(config.model_providers);
  const name = config.model_aliases?.[requested]?.target ?? requested;
  const exact = byKey.get(name);
  if (exact) return { entry: exact, upstreamModel: exact.model };
  const slash = name.indexOf('/');
  if (slash < 0) return undefined;
  const prefix = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  const bare = byKey.get(rest);
  if (bare) return { entry: bare, upstreamModel: bare.model };
  const wildcard = wildcards.get(prefix);
  return wildcard ? { entry: wildcard, upstreamModel: rest } : undefined;
}

/**
 * `$NAME` / `${NAME}` replaced from `env`, unset → empty (as envsubst does).
 * @param {string} text @param {Record<string, string | undefined>} env
 */
export function envsubst(text, env) {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, a, b) => env[a ?? b] ?? '');
}

/**
 * The whole route of one request: entry, upstream URL, key and headers; or the gateway's error.
 * @param {RenderedConfig} config @param {string} requested
 * @param {Record<string, string | undefined>} env
 * @returns {PlanoRoute | { status: number, message: string }}
 */
export function routeRequest(config, requested, env) {
  const found = lookupModel(config, requested);
  if (!found) return { status: 400, message: `Model '${requested}' not found in configured providers` };
  const { entry, upstreamModel } = found;
  const iface = entry.provider_interface;
  /** @type {string} */
  let origin;
  /** @type {string} */
  let cluster;
  if (entry.endpoint) {
    cluster = /** @type {string} */ (entry.cluster_name);
    // Envoy gets one cluster per name: the first entry's endpoint and port win.
    const first = config.model_providers.find((p) => p.endpoint && p.cluster_name === cluster) ?? entry;
    origin = `${first.protocol}://${hostForUrl(/** @type {string} */ (first.endpoint))}:${first.port}`;
  } else {
    cluster = iface;
    const host = /** @type {Record<string, string>} */ (BUILT_IN_CLUSTERS)[iface];
    if (!host) return { status: 503, message: `no upstream cluster '${iface}' (a provider without base_url that Plano has no endpoint for)` };
    origin = `https://${host}:443`;
  }
  const path = chatPath(iface, entry.base_url_path_prefix);
  const keyRef = entry.access_key;
  const key = keyRef === undefined ? undefined : envsubst(keyRef, env);
  /** @type {Record<string, string>} */
  const headers = {};
  if (key === undefined && !entry.passthrough_auth) {
    if (!entry.endpoint) return { status: 400, message: `No access key configured for selected LLM Provider "${entry.name}"` };
  } else if (key !== undefined && !entry.passthrough_auth) {
    headers.authorization = `Bearer ${key}`;
    for (const [name, value] of Object.entries(entry.headers ?? {})) headers[name.toLowerCase()] = envsubst(value, env);
  }
  return { entry, upstreamModel, cluster, url: `${origin}${path}`, keyRef, key, headers };
}

/**
 * The upstream path for POST /v1/chat/completions (crates/hermesllm/src/clients/endpoints.rs).
 * @param {string} iface @param {string | undefined} pathPrefix
 */
export function chatPath(iface, pathPrefix) {
  const requestPath = '/v1/chat/completions';
  const build = (/** @type {string} */ providerPrefix, /** @type {string} */ suffix) => {
    const given = (pathPrefix ?? '').replace(/^\/+|\/+$/g, '');
    const prefix = given !== '' ? given : providerPrefix.replace(/^\/+|\/+$/g, '');
    const tail = suffix.replace(/^\/+/, '');
    return prefix === '' ? `/${tail}` : `/${prefix}/${tail}`;
  };
  if (iface === 'groq') return build('/openai', requestPath);
  if (iface === 'zhipu') return build('/api/paas/v4', '/chat/completions');
  if (iface === 'qwen') return build('/compatible-mode/v1', '/chat/completions');
  if (iface === 'gemini') return build('/v1beta/openai', '/chat/completions');
  return build('/v1', '/chat/completions');
}

/** @param {string} host */
function hostForUrl(host) {
  return host.includes(':') ? `[${host}]` : host;
}
