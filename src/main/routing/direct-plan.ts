import { DEFAULT_PROVIDER_RETRY, type ProviderConfig } from '../../shared/config';
import { anthropicHeaders, anthropicMessagesProtocol, anthropicMessagesUrl, buildAnthropicBody } from '../providers/anthropic-messages';
import { buildOpenAIChatBody, openAIChatHeaders, openAIChatProtocol, openAIChatUrl } from '../providers/openai-chat';
import type { WireProtocol, WireRequest } from '../providers/types';
import type { ChatPlan } from './chat-executor';
import type { ResolvedRequest } from './resolve-request';

/** The parts of a Direct plan that depend only on the provider and whether the reply streams. */
interface ProviderWire {
  url: string;
  headers: Readonly<Record<string, string>>;
  protocol: WireProtocol;
  buildBody: (req: WireRequest, stream: boolean) => Record<string, unknown>;
}

interface CachedWire {
  plain: ProviderWire;
  stream: ProviderWire;
  /** What the entry was built from: a provider object edited in place gets a fresh entry. */
  from: Pick<ProviderConfig, 'type' | 'baseUrl' | 'apiKey' | 'headers'>;
}

/**
 * Built once per provider config object, not per request: the URL and header set are the same every time,
 * and rebuilding them was a measurable share of a request's own-code time. The headers are frozen because
 * every plan shares them.
 */
const wireCache = new WeakMap<ProviderConfig, CachedWire>();

function providerWire(provider: ProviderConfig, stream: boolean): ProviderWire {
  let cached = wireCache.get(provider);
  if (cached === undefined || !builtFrom(cached, provider)) {
    cached = buildWire(provider);
    wireCache.set(provider, cached);
  }
  return stream ? cached.stream : cached.plain;
}

function builtFrom({ from }: CachedWire, provider: ProviderConfig): boolean {
  return from.type === provider.type && from.baseUrl === provider.baseUrl && from.apiKey === provider.apiKey && from.headers === provider.headers;
}

function buildWire(provider: ProviderConfig): CachedWire {
  const build = (stream: boolean): ProviderWire =>
    provider.type === 'anthropic'
      ? {
          url: anthropicMessagesUrl(provider.baseUrl),
          headers: Object.freeze(anthropicHeaders(provider.apiKey, provider.headers, stream)),
          protocol: anthropicMessagesProtocol,
          buildBody: buildAnthropicBody,
        }
      : {
          url: openAIChatUrl(provider.baseUrl),
          headers: Object.freeze(openAIChatHeaders(provider.apiKey, provider.headers, stream)),
          protocol: openAIChatProtocol,
          buildBody: buildOpenAIChatBody,
        };
  const { type, baseUrl, apiKey, headers } = provider;
  return { plain: build(false), stream: build(true), from: { type, baseUrl, apiKey, headers } };
}

/** A request straight to the provider, in its own wire protocol, retried as the provider's settings say. */
export function buildDirectPlan(provider: ProviderConfig, resolved: ResolvedRequest, stream: boolean): ChatPlan {
  const wire = providerWire(provider, stream);
  return {
    target: provider.name,
    provider: provider.name,
    model: resolved.model,
    via: 'direct',
    url: wire.url,
    headers: wire.headers as Record<string, string>,
    body: wire.buildBody(resolved.wire, stream),
    request: resolved.wire,
    protocol: wire.protocol,
    stream,
    timeoutMs: provider.timeoutMs,
    firstByteTimeoutMs: provider.firstByteTimeoutMs,
    retry: provider.retry ?? DEFAULT_PROVIDER_RETRY,
  };
}
