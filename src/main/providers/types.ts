import type { ChatMessage, Usage } from '../../shared/chat';
import type { SseEvent } from './sse-parser';

/** What a provider said, normalised across wire protocols. */
export interface Completion {
  id: string;
  content: string;
  /** The model as the provider reported serving it. */
  model: string;
  usage: Usage;
  finishReason?: string;
  /** Whether the provider reported token usage (streams without include_usage may not). */
  usageReported: boolean;
}

/** What a wire protocol needs to build a request, independent of routing mode. */
export interface WireRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  stream: boolean;
  additionalParams?: Record<string, unknown>;
}

/** Reads one streamed reply, event by event. */
export interface StreamDecoder {
  /** Consumes one SSE event and returns the text it adds. Throws SwitchyardError on bad data or an error event. */
  push(event: SseEvent): string[];
  /** Called when the bytes end: the full completion, or MALFORMED_RESPONSE if the stream was cut short. */
  finish(): Completion;
  /** True once the protocol's end marker has arrived. */
  readonly done: boolean;
}

export interface WireProtocol {
  readonly name: 'openai-chat' | 'anthropic-messages';
  /** Parses a non-streaming response body (already JSON-parsed). */
  parseCompletion(json: unknown): Completion;
  createStreamDecoder(): StreamDecoder;
}
