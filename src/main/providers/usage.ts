import type { Usage } from '../../shared/chat';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);
const field = (record: unknown, key: string): unknown =>
  typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[key] : undefined;

export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/** Cache and reasoning counts are added only when non-zero, so a plain reply's usage stays three numbers. */
function withDetails(usage: Usage, cached: number, cacheWrite: number, reasoning: number): Usage {
  if (cached > 0) usage.cachedInputTokens = cached;
  if (cacheWrite > 0) usage.cacheWriteInputTokens = cacheWrite;
  if (reasoning > 0) usage.reasoningTokens = reasoning;
  return usage;
}

/**
 * OpenAI `usage`: prompt_tokens (cached ones included), completion_tokens, total_tokens (may be missing on
 * compatible APIs), `prompt_tokens_details.cached_tokens` (DeepSeek: `prompt_cache_hit_tokens`) and
 * `completion_tokens_details.reasoning_tokens`.
 */
export function usageFromOpenAI(usage: Record<string, unknown>): Usage {
  const inputTokens = count(usage.prompt_tokens);
  const outputTokens = count(usage.completion_tokens);
  const total = count(usage.total_tokens);
  const cached = count(field(usage.prompt_tokens_details, 'cached_tokens')) || count(usage.prompt_cache_hit_tokens);
  const reasoning = count(field(usage.completion_tokens_details, 'reasoning_tokens'));
  return withDetails({ inputTokens, outputTokens, totalTokens: total > 0 ? total : inputTokens + outputTokens }, cached, 0, reasoning);
}

/**
 * Anthropic `usage`: input_tokens excludes prompt-cache reads and writes, which are still input the
 * caller sent, so they are added in (and also reported on their own).
 */
export function usageFromAnthropic(usage: Record<string, unknown>, outputOverride?: number): Usage {
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  const inputTokens = count(usage.input_tokens) + cacheWrite + cacheRead;
  const outputTokens = outputOverride ?? count(usage.output_tokens);
  return withDetails({ inputTokens, outputTokens, totalTokens: inputTokens + outputTokens }, cacheRead, cacheWrite, 0);
}

/** The mirror of usageFromOpenAI, for Switchyard's own OpenAI-compatible endpoint. */
export function usageToOpenAI(usage: Usage): Record<string, unknown> {
  const out: Record<string, unknown> = { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.totalTokens };
  if (usage.cachedInputTokens !== undefined) out.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  if (usage.reasoningTokens !== undefined) out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  return out;
}

/** The mirror of usageFromAnthropic: cache reads and writes are counted apart from input_tokens again. */
export function usageToAnthropic(usage: Usage): Record<string, number> {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  const out: Record<string, number> = { input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite), output_tokens: usage.outputTokens };
  if (cacheWrite > 0) out.cache_creation_input_tokens = cacheWrite;
  if (cacheRead > 0) out.cache_read_input_tokens = cacheRead;
  return out;
}
