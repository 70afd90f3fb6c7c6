import type { ProviderFileEntry } from '../../src/shared/config-schema';

/**
 * Realistic provider setups, written as a user writes them in config.yaml, with the environment their
 * `$ENV` keys come from. Each must give a plano_config.yaml that Plano accepts and that routes every
 * pickable model to its own provider's endpoint with its own key.
 */

type ProviderInput = Partial<Omit<ProviderFileEntry, 'type'>> & { type: 'openai' | 'anthropic' };

export interface Setup {
  name: string;
  providers: Record<string, ProviderInput>;
  env?: Record<string, string>;
  /** The container shares the host's network (`network: host`). */
  hostNetwork?: boolean;
}

const openai: ProviderInput = { type: 'openai', api_key: '$OPENAI_API_KEY', default_model: 'gpt-4o-mini', models: ['gpt-4o-mini', 'gpt-4o'] };
const anthropic: ProviderInput = { type: 'anthropic', api_key: '$ANTHROPIC_API_KEY', default_model: 'claude-sonnet-4-0', models: ['claude-sonnet-4-0', 'claude-3-5-haiku-latest'] };
const ollama: ProviderInput = { type: 'openai', base_url: 'http://127.0.0.1:11434/v1', plano_provider: 'ollama', models: ['llama3.2:3b', 'qwen2.5-coder:7b'] };
const llamacpp: ProviderInput = { type: 'openai', base_url: 'http://127.0.0.1:8080/v1', models: ['qwen2.5-7b-instruct-q4_k_m.gguf'] };
const lmstudio: ProviderInput = { type: 'openai', base_url: 'http://localhost:1234/v1', models: ['meta-llama-3.1-8b-instruct', 'qwen2.5-7b-instruct'] };
const openrouter: ProviderInput = {
  type: 'openai',
  api_key: '$OPENROUTER_API_KEY',
  models: ['openrouter/auto', 'anthropic/claude-3.5-sonnet', 'openai/gpt-4o-mini'],
  headers: { 'HTTP-Referer': 'https://switchyard.example', 'X-Title': 'Switchyard' },
};

export const ENV: Record<string, string> = {
  OPENAI_API_KEY: 'sk-openai-test-0001',
  ANTHROPIC_API_KEY: 'sk-ant-test-0002',
  OPENROUTER_API_KEY: 'sk-or-test-0003',
  GROQ_API_KEY: 'gsk_test0004',
  MISTRAL_API_KEY: 'mistral-test-0005',
  DEEPSEEK_API_KEY: 'sk-deepseek-test-0006',
  TOGETHER_API_KEY: 'together-test-0007',
  XAI_API_KEY: 'xai-test0008',
  GEMINI_API_KEY: 'AIza-test-0009',
  VLLM_API_KEY: 'vllm-test-0010',
  CORP_TOKEN: 'corp-token-0011',
  WORK_KEY: 'sk-work-0012',
  FIREWORKS_API_KEY: 'fw-test-0013',
};

export const SETUPS: Setup[] = [
  { name: 'OpenAI', providers: { openai } },
  { name: 'Anthropic', providers: { anthropic } },
  { name: 'OpenAI and Anthropic', providers: { openai, anthropic } },
  { name: 'Ollama named local', providers: { local: ollama } },
  { name: 'LM Studio', providers: { lmstudio } },
  { name: 'llama.cpp server', providers: { llamacpp } },
  { name: 'vLLM on another machine', providers: { vllm: { type: 'openai', base_url: 'http://gpu-box.lan:8000/v1', api_key: '$VLLM_API_KEY', models: ['meta-llama/Llama-3.1-8B-Instruct'] } } },
  { name: 'Groq by name (usual URL)', providers: { groq: { type: 'openai', api_key: '$GROQ_API_KEY', models: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant'] } } },
  { name: 'Groq with its documented base URL under another name', providers: { 'Groq-Fast': { type: 'openai', base_url: 'https://api.groq.com/openai/v1', api_key: '$GROQ_API_KEY', models: ['llama-3.3-70b-versatile'] } } },
  { name: 'Mistral', providers: { mistral: { type: 'openai', api_key: '$MISTRAL_API_KEY', models: ['mistral-large-latest', 'mistral-small-latest'] } } },
  { name: 'DeepSeek', providers: { deepseek: { type: 'openai', api_key: '$DEEPSEEK_API_KEY', models: ['deepseek-chat', 'deepseek-reasoner'] } } },
  { name: 'DeepSeek with its documented root URL', providers: { deepseek: { type: 'openai', base_url: 'https://api.deepseek.com', api_key: '$DEEPSEEK_API_KEY', models: ['deepseek-chat'] } } },
  { name: 'Together named together', providers: { together: { type: 'openai', api_key: '$TOGETHER_API_KEY', models: ['meta-llama/Llama-3.3-70B-Instruct-Turbo'] } } },
  { name: 'OpenRouter with its headers', providers: { openrouter } },
  { name: 'xAI named grok', providers: { grok: { type: 'openai', api_key: '$XAI_API_KEY', models: ['grok-2-latest'] } } },
  { name: "Gemini's OpenAI-compatible endpoint", providers: { gemini: { type: 'openai', api_key: '$GEMINI_API_KEY', models: ['gemini-2.0-flash', 'gemini-1.5-pro'] } } },
  { name: 'Two local servers on one host (and Ollama)', providers: { llamacpp, lmstudio, local: ollama } },
  { name: 'Two local servers on one host, host network', providers: { llamacpp, lmstudio, local: ollama }, hostNetwork: true },
  {
    name: 'The same model on three providers',
    providers: {
      openai,
      openrouter: { ...openrouter, models: ['gpt-4o-mini', 'openai/gpt-4o-mini', 'openrouter/auto'] },
      work: { type: 'openai', base_url: 'https://llm.corp.example/v1', api_key: '$WORK_KEY', plano_provider: 'openai', models: ['gpt-4o'] },
    },
  },
  {
    name: 'Odd provider and model names',
    providers: {
      'My_Local-LLM': { type: 'openai', base_url: 'http://127.0.0.1:5000/v1', models: ['Qwen/Qwen2.5-7B-Instruct', 'llama3.2:3b'] },
      OpenAI: { ...openai, models: ['gpt-4o'], default_model: 'gpt-4o' },
      'local-ollama': { ...ollama, models: ['llama3.2:3b'] },
    },
  },
  {
    name: 'Keys-only providers',
    providers: {
      openai: { type: 'openai', api_key: '$OPENAI_API_KEY' },
      deepseek: { type: 'openai', api_key: '$DEEPSEEK_API_KEY' },
      mistral: { type: 'openai', api_key: '$MISTRAL_API_KEY', models: ['mistral-small-latest'] },
    },
  },
  { name: 'A literal key', providers: { openai: { ...openai, api_key: 'sk-literal-key-in-config-1234' }, backup: { ...openai, api_key: 'sk-other-literal-key-5678', base_url: 'https://openai-proxy.example/v1', models: ['gpt-4.1'] } } },
  {
    name: 'Custom headers, one of them secret',
    providers: {
      gateway: { type: 'openai', base_url: 'https://ai-gateway.corp.example/v1', api_key: '$WORK_KEY', models: ['corp-gpt'], headers: { 'X-Team': 'ml-platform', 'X-Api-Token': '$CORP_TOKEN' } },
    },
  },
  { name: 'A provider Plano does not know (fireworks)', providers: { fw: { type: 'openai', plano_provider: 'fireworks', base_url: 'https://api.fireworks.ai/inference/v1', api_key: '$FIREWORKS_API_KEY', models: ['accounts/fireworks/models/llama-v3p1-8b-instruct'] } } },
  { name: 'default_model not in models', providers: { openai: { ...openai, models: ['gpt-4o'], default_model: 'gpt-4o-mini' } } },
  {
    name: 'Anthropic direct and through a corporate proxy',
    providers: { anthropic, 'claude-proxy': { type: 'anthropic', base_url: 'https://claude.corp.example/anthropic', api_key: '$WORK_KEY', models: ['claude-opus-4-1'] } },
  },
  {
    name: 'Everything at once',
    providers: {
      openai,
      anthropic,
      local: ollama,
      llamacpp,
      lmstudio,
      openrouter,
      groq: { type: 'openai', api_key: '$GROQ_API_KEY', models: ['llama-3.3-70b-versatile'] },
      together: { type: 'openai', api_key: '$TOGETHER_API_KEY', models: ['meta-llama/Llama-3.3-70B-Instruct-Turbo'] },
      gemini: { type: 'openai', api_key: '$GEMINI_API_KEY', models: ['gemini-2.0-flash'] },
      work: { type: 'openai', base_url: 'https://llm.corp.example/v1', api_key: '$WORK_KEY', models: ['gpt-4o-mini', 'llama3.2:3b'] },
    },
  },
];
