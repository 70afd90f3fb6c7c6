import type { ErrorCode, SerializedError } from './errors';

export const ROUTING_MODES = ['direct', 'plano_proxy', 'plano_embedded'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

export const MESSAGE_ROLES = ['system', 'user', 'assistant'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export interface ChatMessage {
  role: MessageRole;
  content: string;
}

export interface ChatRequest {
  /** Model id. In Plano modes it is sent as `provider/model`. Defaults to the provider's default model. */
  model?: string;
  messages: ChatMessage[];
  /** Provider name from the config. Defaults to the first configured provider. */
  provider?: string;
  temperature?: number;
  maxTokens?: number;
  stream?: boolean;
  /** Passed through to the provider body unchanged (top_p, stop, seed, ...). */
  additionalParams?: Record<string, unknown>;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/** One HTTP attempt made while serving a request. Times are epoch ms / durations in ms. */
export interface RouteAttempt {
  /** Who was asked: a provider name, or `plano` for the gateway. */
  target: string;
  /** Which path carried this attempt. */
  via: RoutingMode;
  url: string;
  status?: number;
  errorCode?: ErrorCode;
  errorMessage?: string;
  startedAt: number;
  /** Time to the response headers. */
  ttfbMs?: number;
  durationMs: number;
}

export interface RouteTrace {
  /** The mode the router is configured in. */
  mode: RoutingMode;
  /** The path that actually served the request (differs from `mode` on fallback). */
  servedBy: RoutingMode;
  attempts: RouteAttempt[];
  retries: number;
  fallbackReason?: string;
  /** Time spent in Switchyard's own code, not waiting on the network. */
  overheadMs: number;
  /** Time to first token (streaming) or to the full body (non-streaming). */
  ttftMs?: number;
  latencyMs: number;
}

export interface ChatResponse {
  id: string;
  content: string;
  usage: Usage;
  /** The model as the provider reported serving it. */
  model: string;
  provider: string;
  finishReason?: string;
  latencyMs: number;
  metadata: Record<string, unknown>;
  trace: RouteTrace;
}

export type StreamPart =
  | { type: 'start'; provider: string; model: string; mode: RoutingMode }
  | { type: 'text-delta'; text: string }
  | { type: 'finish'; response: ChatResponse }
  | { type: 'error'; error: SerializedError; trace?: RouteTrace };
