import type { ToolCall } from '../../shared/chat';
import { SwitchyardError } from '../../shared/errors';
import { structuredOutputTool } from './anthropic-request';
import { finishFromAnthropic } from './finish-reason';
import { isRecord } from './openai-chat-request';
import { errorFromResponse, malformed } from './provider-errors';
import type { SseEvent } from './sse-parser';
import { ToolCallAssembler } from './tool-call-assembler';
import type { Completion, DeltaPart, StreamDecoder, WireProtocol, WireRequest } from './types';
import { usageFromAnthropic } from './usage';

/**
 * The response side of Anthropic's Messages API: text and tool_use content blocks, streamed as
 * text_delta and input_json_delta events, back in our (OpenAI-shaped) terms. When the request asked for
 * JSON output, the forced tool's input is the reply's text.
 */

export {
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  ANTHROPIC_VERSION,
  anthropicHeaders,
  anthropicMessagesUrl,
  buildAnthropicBody,
} from './anthropic-request';

export function parseAnthropicMessage(json: unknown, request?: WireRequest): Completion {
  if (!isRecord(json)) throw malformed('the body is not a JSON object');
  if (json.type === 'error') throw eventError(json.error);
  if (!Array.isArray(json.content)) throw malformed('`content` is missing or not an array', { field: 'content' });
  if (!isRecord(json.usage)) throw malformed('`usage` is missing', { field: 'usage' });
  const formatTool = request === undefined ? undefined : structuredOutputTool(request);
  let content = '';
  const toolCalls: ToolCall[] = [];
  json.content.forEach((block, i) => {
    if (!isRecord(block)) throw malformed(`\`content[${i}]\` is not an object`, { field: `content[${i}]` });
    if (block.type === 'text') {
      if (typeof block.text !== 'string') throw malformed(`\`content[${i}].text\` is not a string`, { field: `content[${i}].text` });
      content += block.text;
    } else if (block.type === 'tool_use') {
      if (typeof block.name !== 'string' || !isRecord(block.input)) throw malformed(`\`content[${i}]\` is a tool_use without a name or an input object`, { field: `content[${i}]` });
      const args = JSON.stringify(block.input);
      if (block.name === formatTool) content += args;
      else toolCalls.push({ id: typeof block.id === 'string' ? block.id : `toolu_${i}`, name: block.name, arguments: args });
    }
    // thinking, redacted_thinking and server tool blocks are not part of the chat reply.
  });
  const completion: Completion = {
    id: typeof json.id === 'string' ? json.id : '',
    content,
    model: typeof json.model === 'string' ? json.model : '',
    usage: usageFromAnthropic(json.usage),
    usageReported: true,
  };
  if (toolCalls.length > 0) completion.toolCalls = toolCalls;
  if (typeof json.stop_reason === 'string') setFinish(completion, json.stop_reason, formatTool !== undefined);
  return completion;
}

/** A forced JSON-output tool call is the reply itself, so the model stopped as it would after text. */
function setFinish(completion: Completion, raw: string, jsonOutput: boolean): void {
  completion.rawFinishReason = raw;
  completion.finishReason = jsonOutput && raw === 'tool_use' ? 'stop' : finishFromAnthropic(raw);
}

/** What a content block of the streamed message is, by its wire index. */
type Block = { kind: 'text' } | { kind: 'json-output' } | { kind: 'tool'; index: number } | { kind: 'other' };

class AnthropicStreamDecoder implements StreamDecoder {
  #done = false;
  #started = false;
  #events = 0;
  #id = '';
  #model = '';
  #content = '';
  #startUsage: Record<string, unknown> = {};
  #outputTokens: number | undefined;
  #stopReason: string | undefined;
  readonly #blocks = new Map<number, Block>();
  readonly #tools = new ToolCallAssembler('{}');
  readonly #formatTool: string | undefined;

  constructor(request: WireRequest) {
    this.#formatTool = structuredOutputTool(request);
  }

  get done(): boolean {
    return this.#done;
  }

  push(event: SseEvent): DeltaPart[] {
    if (this.#done) return [];
    this.#events += 1;
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      throw malformed(`stream event ${this.#events} (${event.event}) is not valid JSON: ${event.data}`, { event: event.event });
    }
    if (!isRecord(data)) throw malformed(`stream event ${this.#events} (${event.event}) is not a JSON object`, { event: event.event });
    const type = typeof data.type === 'string' ? data.type : event.event;
    switch (type) {
      case 'message_start': {
        if (!isRecord(data.message)) throw malformed('`message_start` has no `message`', { field: 'message' });
        this.#started = true;
        if (typeof data.message.id === 'string') this.#id = data.message.id;
        if (typeof data.message.model === 'string') this.#model = data.message.model;
        if (isRecord(data.message.usage)) this.#startUsage = data.message.usage;
        return [];
      }
      case 'content_block_start':
        return this.#blockStart(data);
      case 'content_block_delta':
        return this.#blockDelta(data);
      case 'content_block_stop': {
        const block = this.#blocks.get(Number(data.index));
        const part = block?.kind === 'tool' ? this.#tools.complete(block.index) : undefined;
        return part === undefined ? [] : [part];
      }
      case 'message_delta': {
        if (isRecord(data.delta) && typeof data.delta.stop_reason === 'string') this.#stopReason = data.delta.stop_reason;
        if (isRecord(data.usage) && typeof data.usage.output_tokens === 'number') this.#outputTokens = data.usage.output_tokens;
        if (isRecord(data.usage) && typeof data.usage.input_tokens === 'number') this.#startUsage = { ...this.#startUsage, ...data.usage };
        return [];
      }
      case 'message_stop':
        this.#done = true;
        return this.#tools.completeAll();
      case 'error':
        throw eventError(data.error);
      default:
        // ping, and event types added later: the API says to ignore unknown ones.
        return [];
    }
  }

  #blockStart(data: Record<string, unknown>): DeltaPart[] {
    const block = data.content_block;
    if (typeof data.index !== 'number' || !isRecord(block)) throw malformed('`content_block_start` has no index or `content_block`', { field: 'content_block' });
    if (block.type === 'text') {
      this.#blocks.set(data.index, { kind: 'text' });
      // A text block may open with text already in it; stream it like a delta.
      return typeof block.text === 'string' && block.text !== '' ? [this.#addText(block.text)] : [];
    }
    if (block.type !== 'tool_use') {
      this.#blocks.set(data.index, { kind: 'other' });
      return [];
    }
    if (typeof block.name !== 'string') throw malformed('a `tool_use` block has no name', { field: 'content_block.name' });
    if (block.name === this.#formatTool) {
      this.#blocks.set(data.index, { kind: 'json-output' });
      return [];
    }
    const id = typeof block.id === 'string' ? block.id : `toolu_${data.index}`;
    const part = this.#tools.start(id, block.name);
    this.#blocks.set(data.index, { kind: 'tool', index: part.index });
    return [part];
  }

  #blockDelta(data: Record<string, unknown>): DeltaPart[] {
    const delta = data.delta;
    if (!isRecord(delta)) throw malformed('`content_block_delta` has no `delta`', { field: 'delta' });
    if (delta.type === 'text_delta') {
      if (typeof delta.text !== 'string') throw malformed('`text_delta.text` is not a string', { field: 'delta.text' });
      return delta.text === '' ? [] : [this.#addText(delta.text)];
    }
    if (delta.type !== 'input_json_delta') return []; // thinking, signatures, citations: not chat text
    if (typeof delta.partial_json !== 'string') throw malformed('`input_json_delta.partial_json` is not a string', { field: 'delta.partial_json' });
    const block = this.#blocks.get(Number(data.index));
    if (block === undefined) throw malformed('an `input_json_delta` arrived for a block that never started', { field: 'index' });
    if (block.kind === 'json-output') return delta.partial_json === '' ? [] : [this.#addText(delta.partial_json)];
    if (block.kind !== 'tool') return [];
    const part = this.#tools.append(block.index, delta.partial_json);
    return part === undefined ? [] : [part];
  }

  #addText(text: string): DeltaPart {
    this.#content += text;
    return { type: 'text-delta', text };
  }

  finish(): Completion {
    if (!this.#started) throw malformed('the stream ended without `message_start`', { truncated: true });
    if (!this.#done) throw malformed('the stream ended before `message_stop`', { truncated: true });
    const completion: Completion = {
      id: this.#id,
      content: this.#content,
      model: this.#model,
      usage: usageFromAnthropic(this.#startUsage, this.#outputTokens),
      usageReported: true,
    };
    const toolCalls = this.#tools.calls();
    if (toolCalls !== undefined) completion.toolCalls = toolCalls;
    if (this.#stopReason !== undefined) setFinish(completion, this.#stopReason, this.#formatTool !== undefined);
    return completion;
  }
}

export const anthropicMessagesProtocol: WireProtocol = {
  name: 'anthropic-messages',
  parseCompletion: parseAnthropicMessage,
  createStreamDecoder: (request) => new AnthropicStreamDecoder(request),
};

/** Anthropic error types and the HTTP statuses they come with, for mid-stream `error` events. */
const ERROR_TYPE_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

function eventError(error: unknown): SwitchyardError {
  const type = isRecord(error) && typeof error.type === 'string' ? error.type : 'api_error';
  const status = ERROR_TYPE_STATUS[type] ?? 500;
  const mapped = errorFromResponse(status, JSON.stringify({ type: 'error', error }), undefined, { url: '', target: 'anthropic', now: Date.now() });
  const { url: _url, target: _target, body: _body, ...details } = mapped.details;
  return new SwitchyardError(mapped.code, `Anthropic reported ${type} mid-response: ${typeof details.providerMessage === 'string' ? details.providerMessage : 'no message'}`, {
    retryable: mapped.retryable,
    details: { ...details, midStream: true },
  });
}
