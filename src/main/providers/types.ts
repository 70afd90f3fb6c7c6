import type { ChatRequest, FinishReason, StreamPart, ToolCall, Usage } from '../../shared/chat';
import type { SseEvent } from './sse-parser';

/** What a provider said, normalised across wire protocols. */
export interface Completion {
  id: string;
  content: string;
  /** Complete tool calls, in order; absent when the model called none. */
  toolCalls?: ToolCall[];
  /** The model as the provider reported serving it. */
  model: string;
  usage: Usage;
  finishReason?: FinishReason;
  /** The provider's own word for why it stopped (`end_turn`, `tool_use`, `stop`, ...). */
  rawFinishReason?: string;
  /** Whether the provider reported token usage (streams without include_usage may not). */
  usageReported: boolean;
}

/** A validated request with its model settled; each wire protocol reads the fields it can carry. */
export type WireRequest = ChatRequest & { model: string };

/** What a streamed reply adds, part by part: text and tool calls (start, argument pieces, complete). */
export type DeltaPart = Extract<StreamPart, { type: 'text-delta' | 'tool-call-start' | 'tool-call-delta' | 'tool-call' }>;

/** Reads one streamed reply, event by event. */
export interface StreamDecoder {
  /** Consumes one SSE event and returns the parts it adds. Throws SwitchyardError on bad data or an error event. */
  push(event: SseEvent): DeltaPart[];
  /** Called when the bytes end: the full completion, or MALFORMED_RESPONSE if the stream was cut short. */
  finish(): Completion;
  /** True once the protocol's end marker has arrived. */
  readonly done: boolean;
}

export interface WireProtocol {
  readonly name: 'openai-chat' | 'anthropic-messages';
  /** Parses a non-streaming response body (already JSON-parsed) to the request it answers. */
  parseCompletion(json: unknown, request: WireRequest): Completion;
  createStreamDecoder(request: WireRequest): StreamDecoder;
}
