import type { Usage } from './chat';
import type { ModelPrice } from './config';

/**
 * A model's price from a provider's price list. The served model may carry a date suffix
 * (`gpt-4o-mini-2024-07-18`) or a provider prefix, so the longest configured key it starts with counts.
 */
export function findPrice(prices: Record<string, ModelPrice>, model: string): ModelPrice | undefined {
  if (prices[model]) return prices[model];
  const bare = model.includes('/') ? model.slice(model.indexOf('/') + 1) : model;
  if (prices[bare]) return prices[bare];
  const keys = Object.keys(prices)
    .filter((k) => bare.startsWith(k))
    .sort((a, b) => b.length - a.length);
  return keys[0] ? prices[keys[0]] : undefined;
}

/** USD for the usage at the served model's price, else the requested one's; undefined without a price. */
export function costOf(prices: Record<string, ModelPrice>, usage: Usage, servedModel: string, requestedModel?: string): number | undefined {
  const price = findPrice(prices, servedModel) ?? (requestedModel ? findPrice(prices, requestedModel) : undefined);
  if (!price) return undefined;
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
}
