// @ts-check
/**
 * The stand-in's reading of plano_config.yaml, written from Plano 0.4.36's documented start-up behaviour
 * (/work/shared/plano-0.4.36/README.md and its validator): the checks that make the real container refuse
 * a file, and the rendered form Plano routes by (`plano_config_rendered.yaml`): each model provider's bare
 * `model` id, `name`, `provider_interface`, and for a `base_url` its `endpoint`, `port`, `protocol`,
 * `base_url_path_prefix` and `cluster_name` (`<interface>_<host name>`, the port is not part of it).
 * Tests compare this rendering with the real validator's for every generated config.
 */

export class PlanoConfigError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'PlanoConfigError';
  }
}

/** Names Plano knows as `provider/` without `provider_interface`; the first group requires base_url. */
const NEEDS_BASE_URL = ['azure_openai', 'ollama', 'qwen', 'amazon_bedrock', 'plano'];
const KNOWN = new Set([
  ...NEEDS_BASE_URL,
  'deepseek', 'groq', 'mistral', 'openai', 'xiaomi', 'gemini', 'anthropic', 'together_ai', 'xai', 'moonshotai',
  'zhipu', 'chatgpt', 'digitalocean', 'vercel', 'openrouter', 'edenai',
]);
/** The schema's enum for provider_interface. */
const INTERFACES = new Set(['plano', 'deepseek', 'groq', 'mistral', 'openai', 'xiaomi', 'gemini', 'chatgpt', 'digitalocean', 'vercel', 'openrouter', 'edenai', 'moonshotai']);
const ENTRY_KEYS = new Set(['name', 'access_key', 'model', 'default', 'base_url', 'passthrough_auth', 'http_host', 'provider_interface', 'headers', 'routing_preferences']);

/**
 * @typedef {object} RenderedProvider   one entry of plano_config_rendered.yaml's model_providers
 * @property {string} name
 * @property {string} model              the id sent upstream ('*' for a wildcard)
 * @property {string} provider_interface
 * @property {string} [access_key]
 * @property {string} [base_url]
 * @property {string} [base_url_path_prefix]
 * @property {string} [endpoint]
 * @property {number} [port]
 * @property {string} [protocol]
 * @property {string} [cluster_name]
 * @property {Record<string, string>} [headers]
 * @property {boolean} [default]
 * @property {boolean} [passthrough_auth]
 * @property {boolean} [internal]
 */

/**
 * @typedef {object} RenderedConfig
 * @property {RenderedProvider[]} model_providers
 * @property {Record<string, { target: string }>} [model_aliases]
 * @property {number} listenerPort
 */

/**
 * @param {unknown} raw the parsed YAML document
 * @returns {RenderedConfig}
 */
export function renderPlanoConfig(raw) {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PlanoConfigError('config must be a YAML mapping');
  const doc = /** @type {Record<string, unknown>} */ (raw);
  if (typeof doc.version !== 'string' || doc.version === '') throw new PlanoConfigError("'version' is a required property");
  if (doc.listeners === undefined || doc.listeners === null) throw new PlanoConfigError("'listeners' is a required property");
  if (doc.model_providers !== undefined && doc.llm_providers !== undefined) {
    throw new PlanoConfigError('Please provide either llm_providers or model_providers, not both');
  }
  const list = doc.model_providers ?? doc.llm_providers ?? [];
  if (!Array.isArray(list)) throw new PlanoConfigError('model_providers must be a list');

  /** @type {RenderedProvider[]} */
  const rendered = [];
  const keys = new Set();
  const names = new Set();
  list.forEach((item, i) => rendered.push(renderEntry(item, `model_providers[${i}]`, keys, names)));
  if (rendered.filter((p) => p.default).length > 1) throw new PlanoConfigError('There must be at most one default LLM Provider');

  const aliases = doc.model_aliases;
  if (aliases !== undefined) {
    if (typeof aliases !== 'object' || aliases === null) throw new PlanoConfigError('model_aliases must be a mapping');
    for (const [alias, value] of Object.entries(aliases)) {
      const target = value && typeof value === 'object' ? value.target : undefined;
      if (typeof target !== 'string' || !keys.has(target)) throw new PlanoConfigError(`Model alias '${alias}' targets '${String(target)}' which is not defined as a model`);
    }
  }
  /** @type {RenderedConfig} */
  const out = { model_providers: rendered, listenerPort: modelListenerPort(doc.listeners) };
  if (aliases !== undefined) out.model_aliases = /** @type {Record<string, { target: string }>} */ (aliases);
  return out;
}

/**
 * @param {unknown} item @param {string} where @param {Set<string>} keys @param {Set<string>} names
 * @returns {RenderedProvider}
 */
function renderEntry(item, where, keys, names) {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new PlanoConfigError(`${where} must be a mapping`);
  const e = /** @type {Record<string, unknown>} */ (item);
  for (const key of Object.keys(e)) if (!ENTRY_KEYS.has(key)) throw new PlanoConfigError(`Additional properties are not allowed ('${key}' was unexpected) at ${where}`);
  if (typeof e.model !== 'string') throw new PlanoConfigError(`'model' is a required property at ${where}`);
  if (e.provider_interface !== undefined && !INTERFACES.has(String(e.provider_interface))) {
    throw new PlanoConfigError(`'${String(e.provider_interface)}' is not one of the provider interfaces at ${where}.provider_interface`);
  }
  for (const field of ['name', 'access_key', 'base_url', 'http_host']) {
    if (e[field] !== undefined && typeof e[field] !== 'string') throw new PlanoConfigError(`${where}.${field} must be a string`);
  }
  if (e.headers !== undefined && (typeof e.headers !== 'object' || e.headers === null || Object.values(e.headers).some((v) => typeof v !== 'string'))) {
    throw new PlanoConfigError(`${where}.headers must map names to strings`);
  }
  const fullName = e.model;
  const tokens = fullName.split('/');
  const isWildcard = tokens.length >= 2 && tokens[tokens.length - 1] === '*';
  if (!isWildcard && keys.has(fullName)) throw new PlanoConfigError(`Duplicate model name ${fullName}, please provide unique model name for each model_provider`);
  if (!isWildcard) keys.add(fullName);
  const name = typeof e.name === 'string' ? e.name : fullName;
  if (names.has(name)) throw new PlanoConfigError(`Duplicate model_provider name ${name}`);
  names.add(name);
  if (tokens.length < 2) throw new PlanoConfigError(`Invalid model name ${fullName}. Please provide model name in the format <provider>/<model_id>`);
  let provider = /** @type {string} */ (tokens[0]).trim();
  if (isWildcard && e.default === true) throw new PlanoConfigError(`Model ${fullName} is configured as default but uses wildcard (*). Default models cannot be wildcards.`);
  if (NEEDS_BASE_URL.includes(provider) && e.base_url === undefined) throw new PlanoConfigError(`Provider '${provider}' requires 'base_url' to be set for model ${fullName}`);
  const modelId = tokens.slice(1).join('/');
  if (!KNOWN.has(provider)) {
    if (e.base_url === undefined || e.provider_interface === undefined) {
      throw new PlanoConfigError(`Must provide base_url and provider_interface for unsupported provider ${provider} for model ${fullName}`);
    }
    provider = String(e.provider_interface);
  } else if (e.provider_interface !== undefined) {
    throw new PlanoConfigError(`Please provide provider interface as part of model name ${fullName} using the format <provider>/<model_id>`);
  }
  if (!isWildcard) {
    if (keys.has(modelId)) throw new PlanoConfigError(`Duplicate model_id ${modelId}, please provide unique model_id for each model_provider`);
    keys.add(modelId);
  }

  /** @type {RenderedProvider} */
  const out = { name, model: modelId, provider_interface: provider };
  if (typeof e.access_key === 'string') out.access_key = e.access_key;
  if (e.headers) out.headers = /** @type {Record<string, string>} */ ({ ...e.headers });
  if (e.default === true) out.default = true;
  if (e.passthrough_auth === true) out.passthrough_auth = true;
  if (typeof e.base_url === 'string') {
    let url;
    try {
      url = new URL(e.base_url);
    } catch {
      throw new PlanoConfigError('Please provide a valid URL with scheme (http/https) in base_url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PlanoConfigError('Please provide a valid URL with scheme (http/https) in base_url');
    const protocol = url.protocol.slice(0, -1);
    out.base_url = e.base_url;
    if (url.pathname && url.pathname !== '/') out.base_url_path_prefix = url.pathname;
    out.endpoint = url.hostname.replace(/^\[|\]$/g, '');
    out.port = url.port ? Number(url.port) : protocol === 'https' ? 443 : 80;
    out.protocol = protocol;
    out.cluster_name = `${provider}_${out.endpoint}`;
  }
  return out;
}

/** @param {unknown} listeners */
function modelListenerPort(listeners) {
  const entries = Array.isArray(listeners) ? listeners : typeof listeners === 'object' && listeners !== null ? Object.values(listeners) : [];
  for (const l of entries) {
    if (l && typeof l === 'object' && (l.type === 'model' || l.type === undefined) && typeof l.port === 'number') return l.port;
  }
  return 12000;
}
