import type { ChatResponse, StreamPart } from '../../shared/chat';
import { finishToAnthropic } from '../providers/finish-reason';
import { isRecord } from '../providers/openai-chat-request';
import { usageToAnthropic } from '../providers/usage';
import { servedModel } from './openai-outbound';
import { errorBody, httpStatusOf } from './wire-errors';

/**
 * Our reply in Anthropic's Messages shapes: the mirror of parseAnthropicMessage and the Anthropic stream
 * decoder. Text and tool calls become content blocks; a call's JSON arguments become its `input` object.
 */

export function anthropicMessage(response: ChatResponse): Record<string, unknown> {
  const content: unknown[] = response.content === '' ? [] : [{ type: 'text', text: response.content }];
  for (const call of response.toolCalls ?? []) content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
  return {
    id: response.id,
    type: 'message',
    role: 'assistant',
    model: servedModel(response),
    content,
    stop_reason: finishToAnthropic(response.finishReason, response.metadata.providerFinishReason),
    stop_sequence: null,
    usage: usageToAnthropic(response.usage),
  };
}

/** A call's arguments as the object Anthropic's clients expect; text that is not a JSON object is kept under `_raw`. */
function toolInput(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    return isRecord(parsed) ? parsed : { _raw: args };
  } catch {
    return { _raw: args };
  }
}

/**
 * Stream parts as Anthropic's events: message_start, a content block per run of text and per tool call
 * (tool_use with input_json_delta pieces), message_delta with the stop reason and usage, message_stop. A
 * failure after the stream began is an `error` event, as the API sends one.
 */
export class AnthropicStreamEncoder {
  #model = '';
  #started = false;
  #blocks = 0;
  /** The open text block's index, while text is coming. */
  #textBlock: number | undefined;
  /** Our tool-call index → its block index. */
  readonly #toolBlocks = new Map<number, number>();

  constructor(private readonly id: string) {}

  encode(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        this.#model = `${part.provider}/${part.model}`;
        return '';
      case 'text-delta': {
        let out = this.#start();
        if (this.#textBlock === undefined) {
          this.#textBlock = this.#blocks++;
          out += event('content_block_start', { type: 'content_block_start', index: this.#textBlock, content_block: { type: 'text', text: '' } });
        }
        return out + event('content_block_delta', { type: 'content_block_delta', index: this.#textBlock, delta: { type: 'text_delta', text: part.text } });
      }
      case 'tool-call-start': {
        const out = this.#start() + this.#closeText();
        const index = this.#blocks++;
        this.#toolBlocks.set(part.index, index);
        return out + event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: part.id, name: part.name, input: {} } });
      }
      case 'tool-call-delta': {
        const index = this.#toolBlocks.get(part.index);
        if (index === undefined) return '';
        return event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part.argumentsDelta } });
      }
      case 'tool-call': {
        const index = this.#toolBlocks.get(part.index);
        if (index === undefined) return '';
        this.#toolBlocks.delete(part.index);
        return event('content_block_stop', { type: 'content_block_stop', index });
      }
      case 'finish': {
        const response = part.response;
        this.#model = servedModel(response);
        let out = this.#start() + this.#closeText();
        for (const index of this.#toolBlocks.values()) out += event('content_block_stop', { type: 'content_block_stop', index });
        this.#toolBlocks.clear();
        out += event('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: finishToAnthropic(response.finishReason, response.metadata.providerFinishReason), stop_sequence: null },
          usage: usageToAnthropic(response.usage),
        });
        return out + event('message_stop', { type: 'message_stop' });
      }
      case 'error':
        return event('error', errorBody('anthropic', part.error, httpStatusOf(part.error)));
    }
  }

  #start(): string {
    if (this.#started) return '';
    this.#started = true;
    return event('message_start', {
      type: 'message_start',
      message: { id: this.id, type: 'message', role: 'assistant', model: this.#model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
    });
  }

  #closeText(): string {
    if (this.#textBlock === undefined) return '';
    const index = this.#textBlock;
    this.#textBlock = undefined;
    return event('content_block_stop', { type: 'content_block_stop', index });
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
