import type { ProviderSummary } from '../../../shared/api';
import type { ChatResponse } from '../../../shared/chat';

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

/**
 * Estimated cost in USD when the provider's price for the model is known. The served model may carry a
 * date suffix (`gpt-4o-mini-2024-07-18`), so fall back to the longest configured price key it starts with.
 */
export function estimateCost(response: ResponseMeta, providers: ProviderSummary[], requestedModel?: string): number | undefined {
  const provider = providers.find((p) => p.name === response.provider);
  if (!provider) return undefined;
  const price = findPrice(provider.prices, response.model) ?? (requestedModel ? findPrice(provider.prices, requestedModel) : undefined);
  if (!price) return undefined;
  return (response.usage.inputTokens * price.inputPerMTok + response.usage.outputTokens * price.outputPerMTok) / 1_000_000;
}

function findPrice(prices: ProviderSummary['prices'], model: string): ProviderSummary['prices'][string] | undefined {
  if (prices[model]) return prices[model];
  const bare = model.includes('/') ? model.slice(model.indexOf('/') + 1) : model;
  if (prices[bare]) return prices[bare];
  const keys = Object.keys(prices)
    .filter((k) => bare.startsWith(k))
    .sort((a, b) => b.length - a.length);
  return keys[0] ? prices[keys[0]] : undefined;
}
