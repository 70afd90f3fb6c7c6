import type { ErrorCode, SerializedError } from './errors';

export const ROUTING_MODES = ['direct', 'plano_proxy', 'plano_embedded'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

export const MESSAGE_ROLES = ['system', 'user', 'assistant', 'tool'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export interface TextPart {
  type: 'text';
  text: string;
}

/**
 * An image, by `https://` URL or inline as a `data:image/png;base64,...` URL. Both wire protocols take
 * PNG, JPEG, GIF and WebP. `detail` is OpenAI's resolution hint; Anthropic has none.
 */
export interface ImagePart {
  type: 'image';
  url: string;
  detail?: 'auto' | 'low' | 'high';
}

export type ContentPart = TextPart | ImagePart;

/** A call the model asked for. `arguments` is JSON text exactly as the model wrote it. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface SystemMessage {
  role: 'system';
  content: string;
}

export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
}

export interface AssistantMessage {
  role: 'assistant';
  /** May be empty when the turn was only tool calls. */
  content: string;
  toolCalls?: ToolCall[];
}

/** The result of one tool call, answering the assistant message just before it. */
export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  content: string;
}

export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** A function the model may call; `parameters` is a JSON Schema for its arguments. */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  /** OpenAI's strict schema adherence. */
  strict?: boolean;
}

/** `required`: some tool must be called; `{ name }`: that one. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; schema: Record<string, unknown>; name?: string; description?: string; strict?: boolean };

export interface ChatRequest {
  /** Model id. In Plano modes it is sent as `provider/model`. Defaults to the provider's default model. */
  model?: string;
  messages: ChatMessage[];
  /** Provider name from the config. Defaults to the first configured provider. */
  provider?: string;
  temperature?: number;
  maxTokens?: number;
  stream?: boolean;
  topP?: number;
  /** Sequences that end the reply (OpenAI takes at most 4). */
  stop?: string | string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  /** An end-user id for the provider's abuse monitoring. */
  user?: string;
  /** Key/value tags for the request (OpenAI `metadata`). */
  metadata?: Record<string, string>;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** false: at most one tool call per turn. */
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** Passed through to the provider body unchanged (provider-specific knobs such as top_k or logprobs). */
  additionalParams?: Record<string, unknown>;
}

/** Why the model stopped, the same words whichever wire protocol carried the reply. */
export const FINISH_REASONS = ['stop', 'length', 'tool_calls', 'content_filter', 'other'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

export interface Usage {
  /** Every input token, cached or not. */
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Input tokens read from the provider's prompt cache (when it reports any). */
  cachedInputTokens?: number;
  /** Input tokens written to the prompt cache (Anthropic reports these). */
  cacheWriteInputTokens?: number;
  /** Output tokens spent on reasoning (OpenAI reasoning models). */
  reasoningTokens?: number;
}

/**
 * What became of an attempt: it `served` the reply; it failed and the same target was `retried`; it failed
 * and the request `fell_back` to the next path or model; it `failed` the request; or it was `skipped`
 * without a request (its provider cooling down, the gateway not taking traffic).
 */
export type AttemptOutcome = 'served' | 'retried' | 'fell_back' | 'failed' | 'skipped';

/** One HTTP attempt made (or skipped) while serving a request. Times are epoch ms / durations in ms. */
export interface RouteAttempt {
  /** Who was asked: a provider name, or `plano` for the gateway. */
  target: string;
  /** Which path carried this attempt. */
  via: RoutingMode;
  url: string;
  /** The provider and model the attempt was for (through the gateway too). */
  provider?: string;
  model?: string;
  /** 0: the model asked for; n: the n-th model of its fallback chain. */
  hop?: number;
  /** 1-based, counting the tries of one target for one hop. */
  attempt?: number;
  outcome?: AttemptOutcome;
  /** Why it was retried, fell back or was skipped, in words. */
  reason?: string;
  /** The backoff (or Retry-After) waited before the next try. */
  retryInMs?: number;
  /** Set when the provider is (or by this failure went) cooling down: when it is tried again (epoch ms). */
  cooldownUntil?: number;
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
  /** Why the first fallback (to Direct, or to another model) happened. */
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
  /** The calls the model asked for, complete, in order. */
  toolCalls?: ToolCall[];
  usage: Usage;
  /** The model as the provider reported serving it. */
  model: string;
  provider: string;
  finishReason?: FinishReason;
  latencyMs: number;
  metadata: Record<string, unknown>;
  trace: RouteTrace;
}

export type StreamPart =
  | { type: 'start'; provider: string; model: string; mode: RoutingMode }
  | { type: 'text-delta'; text: string }
  /** A tool call begins; `index` orders the calls of one reply. */
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  /** The next piece of a tool call's JSON arguments. */
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  /** A tool call, complete. */
  | { type: 'tool-call'; index: number; toolCall: ToolCall }
  | { type: 'finish'; response: ChatResponse }
  | { type: 'error'; error: SerializedError; trace?: RouteTrace };

/** A message's text, for titles, history and logs: text parts joined, each image as `[image]`. */
export function messageText(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : '[image]')).join('\n');
}
