import type { Usage } from '../../shared/chat';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/** OpenAI `usage`: prompt_tokens, completion_tokens, total_tokens (total may be missing on compatible APIs). */
export function usageFromOpenAI(usage: Record<string, unknown>): Usage {
  const inputTokens = count(usage.prompt_tokens);
  const outputTokens = count(usage.completion_tokens);
  const total = count(usage.total_tokens);
  return { inputTokens, outputTokens, totalTokens: total > 0 ? total : inputTokens + outputTokens };
}

/**
 * Anthropic `usage`: input_tokens excludes prompt-cache reads and writes, which are still input the
 * caller sent, so they are added in.
 */
export function usageFromAnthropic(usage: Record<string, unknown>, outputOverride?: number): Usage {
  const inputTokens = count(usage.input_tokens) + count(usage.cache_creation_input_tokens) + count(usage.cache_read_input_tokens);
  const outputTokens = outputOverride ?? count(usage.output_tokens);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}
