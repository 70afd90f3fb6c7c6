import type { ProviderConfig } from '../../shared/config';
import { anthropicHeaders, anthropicMessagesProtocol, anthropicMessagesUrl, buildAnthropicBody } from '../providers/anthropic-messages';
import { buildOpenAIChatBody, openAIChatHeaders, openAIChatProtocol, openAIChatUrl } from '../providers/openai-chat';
import type { ChatPlan } from './chat-executor';
import { NO_RETRY, type RetryPolicy } from './retry-policy';
import type { ResolvedRequest } from './validate-request';

/** A request straight to the provider, in its own wire protocol. */
export function buildDirectPlan(provider: ProviderConfig, resolved: ResolvedRequest, stream: boolean, retry: RetryPolicy = NO_RETRY): ChatPlan {
  const wire = { ...resolved.wire, stream };
  const common = {
    target: provider.name,
    via: 'direct' as const,
    stream,
    timeoutMs: provider.timeoutMs,
    firstByteTimeoutMs: provider.firstByteTimeoutMs,
    retry,
  };
  if (provider.type === 'anthropic') {
    return {
      ...common,
      url: anthropicMessagesUrl(provider.baseUrl),
      headers: anthropicHeaders(provider.apiKey, provider.headers, stream),
      body: buildAnthropicBody(wire),
      protocol: anthropicMessagesProtocol,
    };
  }
  return {
    ...common,
    url: openAIChatUrl(provider.baseUrl),
    headers: openAIChatHeaders(provider.apiKey, provider.headers, stream),
    body: buildOpenAIChatBody(wire),
    protocol: openAIChatProtocol,
  };
}
