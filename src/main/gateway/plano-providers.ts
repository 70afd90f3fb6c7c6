/**
 * What Plano 0.4.36 knows about providers, as read from its source (cli/planoai/config_generator.py,
 * config/envoy.template.yaml, crates/hermesllm/src/clients/endpoints.rs). The generator decides from these
 * which name, endpoint and interface each Switchyard provider gets in plano_config.yaml.
 */

/** Names Plano accepts as the `provider/` part of a model without `provider_interface`. */
export const PLANO_SUPPORTED_PROVIDERS: ReadonlySet<string> = new Set([
  'deepseek', 'groq', 'mistral', 'openai', 'xiaomi', 'gemini', 'anthropic', 'together_ai', 'xai', 'moonshotai',
  'zhipu', 'chatgpt', 'digitalocean', 'vercel', 'openrouter', 'edenai',
  'azure_openai', 'ollama', 'qwen', 'amazon_bedrock', 'plano',
]);

/**
 * Names that must never be the prefix of a Switchyard-made name: Plano's own, plus the provider ids its
 * router knows (a wildcard with one of these is expanded from a built-in model list we cannot see).
 */
export const RESERVED_PREFIXES: ReadonlySet<string> = new Set([...PLANO_SUPPORTED_PROVIDERS, 'astraflow', 'astraflow_cn', 'perplexity', 'arch']);

/**
 * Providers with an upstream cluster built into Plano's Envoy template: a model with no `base_url` goes
 * there. `usual` lists the base URLs users write for them (as in Direct mode) that reach the same place.
 */
export const PLANO_BUILT_IN: Readonly<Record<string, { host: string; usual: readonly string[] }>> = {
  openai: { host: 'api.openai.com', usual: ['https://api.openai.com/v1'] },
  anthropic: { host: 'api.anthropic.com', usual: ['https://api.anthropic.com', 'https://api.anthropic.com/v1'] },
  groq: { host: 'api.groq.com', usual: ['https://api.groq.com/openai/v1'] },
  mistral: { host: 'api.mistral.ai', usual: ['https://api.mistral.ai/v1'] },
  deepseek: { host: 'api.deepseek.com', usual: ['https://api.deepseek.com', 'https://api.deepseek.com/v1'] },
  together_ai: { host: 'api.together.xyz', usual: ['https://api.together.xyz/v1'] },
  xai: { host: 'api.x.ai', usual: ['https://api.x.ai/v1'] },
  gemini: { host: 'generativelanguage.googleapis.com', usual: ['https://generativelanguage.googleapis.com/v1beta/openai'] },
  moonshotai: { host: 'api.moonshot.ai', usual: ['https://api.moonshot.ai/v1'] },
  zhipu: { host: 'open.bigmodel.cn', usual: ['https://open.bigmodel.cn/api/paas/v4'] },
  digitalocean: { host: 'inference.do-ai.run', usual: ['https://inference.do-ai.run/v1'] },
  xiaomi: { host: 'api.xiaomimimo.com', usual: ['https://api.xiaomimimo.com/v1'] },
};

/**
 * Known providers whose chat path with a `base_url` is simply `<base_url path>/chat/completions`, as in
 * Direct mode (Groq, Azure, Bedrock and ChatGPT rewrite paths or headers, so they are reached through a
 * provider name of our own instead).
 */
export const PLAIN_PATH_PROVIDERS: ReadonlySet<string> = new Set([
  'openai', 'mistral', 'deepseek', 'together_ai', 'xai', 'moonshotai', 'zhipu', 'gemini', 'ollama', 'openrouter',
  'digitalocean', 'xiaomi', 'qwen',
]);

/** Plano's interface for any OpenAI-compatible upstream it does not know by name. */
export const OPENAI_INTERFACE = 'openai';
