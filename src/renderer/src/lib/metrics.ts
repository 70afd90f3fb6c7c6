import type { ProviderSummary } from '../../../shared/api';
import type { ChatResponse } from '../../../shared/chat';
import { costOf } from '../../../shared/prices';

/** Figures derived from a response for the route badge and compare columns. */

type ResponseMeta = Omit<ChatResponse, 'content'>;

/** Output tokens per second, measured from the first token to the end (so TTFT does not dilute it). */
export function tokensPerSecond(response: ResponseMeta): number | undefined {
  const ttft = response.trace.ttftMs;
  const out = response.usage.outputTokens;
  if (ttft === undefined || out <= 1) return undefined;
  const generatingMs = response.latencyMs - ttft;
  if (generatingMs <= 0) return undefined;
  return (out / generatingMs) * 1000;
}

/** Estimated cost in USD when the provider's price for the model is known. */
export function estimateCost(response: ResponseMeta, providers: ProviderSummary[], requestedModel?: string): number | undefined {
  const provider = providers.find((p) => p.name === response.provider);
  return provider ? costOf(provider.prices, response.usage, response.model, requestedModel) : undefined;
}
