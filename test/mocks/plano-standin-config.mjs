// @ts-check
/**
 * The stand-in's reading of plano_config.yaml: validation as strict as the real gateway's on the keys
 * Switchyard generates (see /work/shared/plano.md), `$ENV` key substitution, and model → provider
 * selection (`provider/model`, bare id, alias, `provider/*` wildcard, `default: true`).
 */

/**
 * @typedef {object} StandinProvider
 * @property {string} provider     the prefix (openai, groq, anthropic, ...)
 * @property {string} model        the id part; '*' for a wildcard entry
 * @property {string} fullName     `provider/model` as written
 * @property {string | undefined} accessKey   resolved from the environment
 * @property {string | undefined} baseUrl
 * @property {boolean} isDefault
 * @property {boolean} passthroughAuth
 */

/**
 * @typedef {object} StandinConfig
 * @property {StandinProvider[]} providers
 * @property {Record<string, string>} aliases   alias → `provider/model`
 * @property {number} listenerPort
 */

export class PlanoConfigError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'PlanoConfigError';
  }
}

/** Providers whose upstream speaks OpenAI chat completions, so the stand-in can forward verbatim. */
const NON_OPENAI_PROVIDERS = new Set(['anthropic', 'amazon_bedrock', 'azure_openai']);
const BASE_URL_REQUIRED = new Set(['ollama', 'azure_openai', 'qwen', 'amazon_bedrock']);

/**
 * @param {unknown} raw  the parsed YAML document
 * @param {Record<string, string | undefined>} env
 * @returns {StandinConfig}
 */
export function validatePlanoConfig(raw, env) {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PlanoConfigError('config must be a YAML mapping');
  const doc = /** @type {Record<string, unknown>} */ (raw);
  if (typeof doc.version !== 'string' || doc.version === '') throw new PlanoConfigError("'version' is a required property");
  if (doc.listeners === undefined || doc.listeners === null) throw new PlanoConfigError("'listeners' is a required property");
  if (doc.model_providers !== undefined && doc.llm_providers !== undefined) {
    throw new PlanoConfigError('Please provide either llm_providers or model_providers, not both');
  }
  const listenerPort = modelListenerPort(doc.listeners);
  const list = doc.model_providers ?? doc.llm_providers ?? [];
  if (!Array.isArray(list)) throw new PlanoConfigError('model_providers must be a list');

  /** @type {StandinProvider[]} */
  const providers = [];
  list.forEach((entry, i) => {
    const where = `model_providers[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw new PlanoConfigError(`${where} must be a mapping`);
    const e = /** @type {Record<string, unknown>} */ (entry);
    if (typeof e.model !== 'string' || !e.model.includes('/')) {
      throw new PlanoConfigError(`${where}.model must be 'provider/model' (got ${JSON.stringify(e.model)})`);
    }
    const slash = e.model.indexOf('/');
    const provider = e.model.slice(0, slash);
    const model = e.model.slice(slash + 1);
    if (provider === '' || model === '') throw new PlanoConfigError(`${where}.model must be 'provider/model' (got ${JSON.stringify(e.model)})`);
    if (e.base_url !== undefined && (typeof e.base_url !== 'string' || !/^https?:\/\//.test(e.base_url))) {
      throw new PlanoConfigError(`${where}.base_url must be an http(s) URL`);
    }
    if (BASE_URL_REQUIRED.has(provider) && e.base_url === undefined) {
      throw new PlanoConfigError(`Provider '${provider}' requires base_url to be set for model ${e.model}`);
    }
    providers.push({
      provider,
      model,
      fullName: e.model,
      accessKey: resolveKey(e.access_key, env, `${where}.access_key`),
      baseUrl: typeof e.base_url === 'string' ? e.base_url : undefined,
      isDefault: e.default === true,
      passthroughAuth: e.passthrough_auth === true,
    });
  });
  if (providers.filter((p) => p.isDefault).length > 1) throw new PlanoConfigError('Only one model provider can be set as default');

  /** @type {Record<string, string>} */
  const aliases = {};
  if (doc.model_aliases !== undefined) {
    if (typeof doc.model_aliases !== 'object' || doc.model_aliases === null) throw new PlanoConfigError('model_aliases must be a mapping');
    for (const [alias, value] of Object.entries(doc.model_aliases)) {
      const target = typeof value === 'string' ? value : value && typeof value.target === 'string' ? value.target : undefined;
      if (target === undefined) throw new PlanoConfigError(`model_aliases.${alias}.target is required`);
      aliases[alias] = target;
    }
  }
  return { providers, aliases, listenerPort };
}

/** @param {unknown} listeners */
function modelListenerPort(listeners) {
  const entries = Array.isArray(listeners) ? listeners : typeof listeners === 'object' && listeners !== null ? Object.values(listeners) : [];
  for (const l of entries) {
    if (l && typeof l === 'object' && (l.type === 'model' || l.type === undefined) && typeof l.port === 'number') return l.port;
  }
  return 12000;
}

/**
 * `$NAME` / `${NAME}` references are substituted from the container environment; a missing variable is an
 * error at start (Plano's CLI refuses to start without it).
 * @param {unknown} value @param {Record<string, string | undefined>} env @param {string} where
 */
function resolveKey(value, env, where) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new PlanoConfigError(`${where} must be a string`);
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value);
  if (!m) return value;
  const resolved = env[/** @type {string} */ (m[1])];
  if (resolved === undefined || resolved === '') throw new PlanoConfigError(`Environment variable ${m[1]} is not set (${where})`);
  return resolved;
}

/**
 * Picks the provider entry for a request's `model`, and the model id to send upstream.
 * @param {StandinConfig} config
 * @param {unknown} requested
 * @returns {{ entry: StandinProvider, upstreamModel: string } | undefined}
 */
export function selectProvider(config, requested) {
  if (requested === undefined || requested === null || requested === '') {
    const entry = config.providers.find((p) => p.isDefault);
    return entry ? { entry, upstreamModel: entry.model } : undefined;
  }
  if (typeof requested !== 'string') return undefined;
  const name = config.aliases[requested] ?? requested;
  const exact = config.providers.find((p) => p.fullName === name && p.model !== '*');
  if (exact) return { entry: exact, upstreamModel: exact.model };
  const bare = config.providers.find((p) => p.model === name);
  if (bare) return { entry: bare, upstreamModel: bare.model };
  const slash = name.indexOf('/');
  if (slash > 0) {
    const prefix = name.slice(0, slash);
    const wildcard = config.providers.find((p) => p.provider === prefix && p.model === '*');
    if (wildcard) return { entry: wildcard, upstreamModel: name.slice(slash + 1) };
  }
  return undefined;
}

/** @param {StandinProvider} entry */
export function forwardsOpenAI(entry) {
  return !NON_OPENAI_PROVIDERS.has(entry.provider);
}

/** `{base_url}` + the OpenAI path, whether or not base_url already ends in /v1. @param {string} baseUrl */
export function chatCompletionsUrl(baseUrl) {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(trimmed) ? `${trimmed}/chat/completions` : `${trimmed}/v1/chat/completions`;
}
