import type { ProviderConfig } from '../../shared/config';
import type { WireRequest } from '../providers/types';
import { buildOpenAIChatBody, openAIChatHeaders, openAIChatProtocol } from '../providers/openai-chat';
import type { ChatPlan } from './chat-executor';
import { DEFAULT_MAX_RETRY_AFTER_MS, type RetryPolicy } from './retry-policy';
import type { ResolvedRequest } from './resolve-request';

/** Where a Plano model listener is and how to talk to it. Proxy mode reads it from config; embedded mode points it at its container. */
export interface PlanoEndpoint {
  /** e.g. http://127.0.0.1:12000 (a trailing /v1 is tolerated). */
  baseUrl: string;
  apiKey?: string;
  headers: Record<string, string>;
  timeoutMs: number;
  firstByteTimeoutMs: number;
  retryCount: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** The longest Retry-After waited out (default the larger of 60 s and backoffMaxMs). */
  retryAfterMaxMs?: number | undefined;
  /** Recorded on each attempt in the trace. */
  via: 'plano_proxy' | 'plano_embedded';
}

/** `{base_url}/v1/chat/completions`. */
export function planoChatUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/v1$/.test(trimmed) ? `${trimmed}/chat/completions` : `${trimmed}/v1/chat/completions`;
}

/** Plano picks the upstream by `provider/model` alone; the prefix is the provider's Plano name. */
export function planoModelName(provider: ProviderConfig, model: string): string {
  const prefix = provider.planoProvider || provider.name;
  return model.startsWith(`${prefix}/`) ? model : `${prefix}/${model}`;
}

/**
 * The OpenAI-compatible client for a Plano gateway, with retries (exponential backoff, full jitter,
 * Retry-After honoured) on connection errors, timeouts, 408, 429 and 5xx — never on 400/401/403/404, never
 * after the first streamed token reached the caller.
 */
export class PlanoChatClient {
  /** The endpoint's URL, header sets and retry policy, worked out once rather than on every request. */
  readonly #url: string;
  #plainHeaders: Record<string, string> | undefined;
  #streamHeaders: Record<string, string> | undefined;
  readonly #retry: RetryPolicy;

  constructor(readonly endpoint: PlanoEndpoint) {
    const e = endpoint;
    this.#url = planoChatUrl(e.baseUrl);
    this.#retry = Object.freeze({
      maxRetries: e.retryCount,
      backoffBaseMs: e.backoffBaseMs,
      backoffMaxMs: e.backoffMaxMs,
      maxRetryAfterMs: e.retryAfterMaxMs ?? Math.max(DEFAULT_MAX_RETRY_AFTER_MS, e.backoffMaxMs),
    });
  }

  /**
   * `model`: the gateway's name for the model (default: `<plano provider>/<model>`); `firstByteTimeoutMs`
   * overrides the endpoint's for this request.
   */
  plan(resolved: ResolvedRequest, stream: boolean, model = planoModelName(resolved.provider, resolved.model), firstByteTimeoutMs = this.endpoint.firstByteTimeoutMs): ChatPlan {
    const e = this.endpoint;
    // The whole request goes as OpenAI chat completions: Plano translates for non-OpenAI upstreams itself.
    const request: WireRequest = { ...resolved.wire, model };
    return {
      target: 'plano',
      provider: resolved.provider.name,
      model: resolved.model,
      via: e.via,
      url: this.#url,
      headers: this.#headersFor(stream),
      body: buildOpenAIChatBody(request, stream),
      request,
      protocol: openAIChatProtocol,
      stream,
      timeoutMs: e.timeoutMs,
      firstByteTimeoutMs,
      retry: this.#retry,
    };
  }

  /** Built on first use; frozen because every plan from this client shares them. */
  #headersFor(stream: boolean): Record<string, string> {
    const e = this.endpoint;
    if (stream) return (this.#streamHeaders ??= Object.freeze(openAIChatHeaders(e.apiKey, e.headers, true)));
    return (this.#plainHeaders ??= Object.freeze(openAIChatHeaders(e.apiKey, e.headers, false)));
  }
}
