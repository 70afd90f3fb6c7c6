import type { ToolCall, Usage } from '../../shared/chat';
import { SwitchyardError } from '../../shared/errors';
import { finishFromOpenAI } from './finish-reason';
import { isRecord } from './openai-chat-request';
import { errorFromResponse, malformed } from './provider-errors';
import type { SseEvent } from './sse-parser';
import { ToolCallAssembler } from './tool-call-assembler';
import type { Completion, DeltaPart, StreamDecoder, WireProtocol } from './types';
import { ZERO_USAGE, usageFromOpenAI } from './usage';

/**
 * The response side of OpenAI chat completions: OpenAI itself and every compatible API (Groq, OpenRouter,
 * Mistral, DeepSeek, Together, Ollama, LM Studio, vLLM) and Plano's model listener.
 */

export { buildOpenAIChatBody, openAIChatHeaders, openAIChatUrl, isRecord, lowerKeys } from './openai-chat-request';

export function parseOpenAICompletion(json: unknown): Completion {
  if (!isRecord(json)) throw malformed('the body is not a JSON object');
  if (isRecord(json.error) || typeof json.error === 'string') throw inBandError(json.error);
  if (!Array.isArray(json.choices)) throw malformed('`choices` is missing or not an array', { field: 'choices' });
  const choice: unknown = json.choices[0];
  if (!isRecord(choice)) throw malformed('`choices` is empty', { field: 'choices' });
  const message = choice.message;
  if (!isRecord(message)) throw malformed('`choices[0].message` is missing', { field: 'choices[0].message' });
  const content = optionalString(message.content, 'choices[0].message.content');
  const refusal = optionalString(message.refusal, 'choices[0].message.refusal');
  const completion: Completion = {
    id: typeof json.id === 'string' ? json.id : '',
    // A refusal (structured outputs) is what the model said instead of content.
    content: content ?? refusal ?? '',
    model: typeof json.model === 'string' ? json.model : '',
    usage: isRecord(json.usage) ? usageFromOpenAI(json.usage) : { ...ZERO_USAGE },
    usageReported: isRecord(json.usage),
  };
  const toolCalls = parseToolCalls(message.tool_calls);
  if (toolCalls !== undefined) completion.toolCalls = toolCalls;
  if (typeof choice.finish_reason === 'string') setFinish(completion, choice.finish_reason, !content && refusal !== undefined);
  return completion;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw malformed(`\`${field}\` is not a string`, { field });
  return value;
}

function parseToolCalls(value: unknown): ToolCall[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) throw malformed('`choices[0].message.tool_calls` is not an array', { field: 'choices[0].message.tool_calls' });
  if (value.length === 0) return undefined;
  return value.map((call: unknown, i) => {
    const field = `choices[0].message.tool_calls[${i}]`;
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string') {
      throw malformed(`\`${field}\` has no function name`, { field });
    }
    const args = call.function.arguments;
    if (args !== undefined && typeof args !== 'string') throw malformed(`\`${field}.function.arguments\` is not a string`, { field: `${field}.function.arguments` });
    return { id: typeof call.id === 'string' ? call.id : `call_${i}`, name: call.function.name, arguments: args ?? '' };
  });
}

function setFinish(completion: Completion, raw: string, refused: boolean): void {
  completion.rawFinishReason = raw;
  completion.finishReason = refused ? 'content_filter' : finishFromOpenAI(raw);
}

/** Where one streamed tool call lives: the wire's index and id, and ours. */
interface ToolSlot {
  wireIndex: number;
  id: string;
  index: number;
}

class OpenAIStreamDecoder implements StreamDecoder {
  #done = false;
  #chunks = 0;
  #id = '';
  #model = '';
  #content = '';
  #refused = false;
  #finishReason: string | undefined;
  #usage: Usage | undefined;
  #tools: ToolCallAssembler | undefined;
  #slots: ToolSlot[] = [];

  get done(): boolean {
    return this.#done;
  }

  push(event: SseEvent): DeltaPart[] {
    if (this.#done) return [];
    const data = event.data.trim();
    if (data === '[DONE]') {
      this.#done = true;
      return this.#tools?.completeAll() ?? [];
    }
    if (data === '') return [];
    this.#chunks += 1;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw malformed(`stream chunk ${this.#chunks} is not valid JSON: ${data}`, { chunk: this.#chunks });
    }
    if (!isRecord(chunk)) throw malformed(`stream chunk ${this.#chunks} is not a JSON object`, { chunk: this.#chunks });
    if (chunk.error !== undefined && chunk.error !== null) throw inBandError(chunk.error);
    if (this.#id === '' && typeof chunk.id === 'string') this.#id = chunk.id;
    if (this.#model === '' && typeof chunk.model === 'string') this.#model = chunk.model;
    if (isRecord(chunk.usage)) this.#usage = usageFromOpenAI(chunk.usage);
    if (!Array.isArray(chunk.choices)) {
      if (isRecord(chunk.usage)) return [];
      throw malformed(`stream chunk ${this.#chunks} has no \`choices\` array`, { chunk: this.#chunks, field: 'choices' });
    }
    const parts: DeltaPart[] = [];
    for (const choice of chunk.choices) {
      if (!isRecord(choice)) throw malformed(`stream chunk ${this.#chunks} has a choice that is not an object`, { chunk: this.#chunks });
      if (typeof choice.index === 'number' && choice.index !== 0) continue; // n > 1: we serve the first choice
      const delta = choice.delta;
      if (delta !== undefined && delta !== null) {
        if (!isRecord(delta)) throw malformed(`stream chunk ${this.#chunks}: \`choices[].delta\` is not an object`, { chunk: this.#chunks, field: 'choices[].delta' });
        this.#text(delta.content, 'content', parts);
        if (delta.refusal !== undefined && delta.refusal !== null) {
          this.#refused = true;
          this.#text(delta.refusal, 'refusal', parts);
        }
        if (delta.tool_calls !== undefined && delta.tool_calls !== null) this.#toolCalls(delta.tool_calls, parts);
      }
      if (typeof choice.finish_reason === 'string') {
        this.#finishReason = choice.finish_reason;
        // The calls are whole once the choice says why it stopped.
        if (this.#tools !== undefined) parts.push(...this.#tools.completeAll());
      }
    }
    return parts;
  }

  #text(text: unknown, field: string, parts: DeltaPart[]): void {
    if (text === undefined || text === null) return;
    if (typeof text !== 'string') throw malformed(`stream chunk ${this.#chunks}: \`delta.${field}\` is not a string`, { chunk: this.#chunks, field: `choices[].delta.${field}` });
    if (text === '') return;
    this.#content += text;
    parts.push({ type: 'text-delta', text });
  }

  /**
   * OpenAI sends each call's id and name in its first fragment and the JSON arguments in pieces after,
   * keyed by `index`. Compatible servers vary: some send whole calls without an index, some (Ollama) reuse
   * index 0 for every call of a parallel batch, some (LM Studio) send a fresh id with every piece. So a new
   * id, or a name without one, at a known index starts a new call only once the current call's arguments
   * are whole JSON.
   */
  #toolCalls(fragments: unknown, parts: DeltaPart[]): void {
    if (!Array.isArray(fragments)) throw malformed(`stream chunk ${this.#chunks}: \`delta.tool_calls\` is not an array`, { chunk: this.#chunks, field: 'choices[].delta.tool_calls' });
    const tools = (this.#tools ??= new ToolCallAssembler());
    fragments.forEach((fragment: unknown, position) => {
      if (!isRecord(fragment)) throw malformed(`stream chunk ${this.#chunks}: a tool call fragment is not an object`, { chunk: this.#chunks, field: 'choices[].delta.tool_calls' });
      const fn = isRecord(fragment.function) ? fragment.function : {};
      const wireIndex = typeof fragment.index === 'number' ? fragment.index : position;
      const id = typeof fragment.id === 'string' && fragment.id !== '' ? fragment.id : undefined;
      const name = typeof fn.name === 'string' ? fn.name : '';
      let slot = this.#slots.findLast((s) => s.wireIndex === wireIndex);
      const another = slot !== undefined && (id !== undefined ? id !== slot.id : name !== '') && tools.argumentsComplete(slot.index);
      if (slot === undefined || another) {
        slot = { wireIndex, id: id ?? `call_${tools.size}`, index: tools.size };
        this.#slots.push(slot);
        parts.push(tools.start(slot.id, name));
      }
      const args = fn.arguments;
      if (args !== undefined && args !== null && typeof args !== 'string') {
        throw malformed(`stream chunk ${this.#chunks}: tool call arguments are not a string`, { chunk: this.#chunks, field: 'choices[].delta.tool_calls[].function.arguments' });
      }
      const part = typeof args === 'string' ? tools.append(slot.index, args) : undefined;
      if (part !== undefined) parts.push(part);
    });
  }

  finish(): Completion {
    if (!this.#done && this.#finishReason === undefined) {
      throw malformed('the stream ended before `[DONE]` and without a finish_reason', { truncated: true, chunks: this.#chunks });
    }
    const completion: Completion = {
      id: this.#id,
      content: this.#content,
      model: this.#model,
      usage: this.#usage ?? { ...ZERO_USAGE },
      usageReported: this.#usage !== undefined,
    };
    const toolCalls = this.#tools?.calls();
    if (toolCalls !== undefined) completion.toolCalls = toolCalls;
    if (this.#finishReason !== undefined) setFinish(completion, this.#finishReason, this.#refused);
    return completion;
  }
}

export const openAIChatProtocol: WireProtocol = {
  name: 'openai-chat',
  parseCompletion: parseOpenAICompletion,
  createStreamDecoder: () => new OpenAIStreamDecoder(),
};

/**
 * Some compatible APIs (OpenRouter, vLLM) report failures inside a 200 body or a stream chunk.
 * A numeric code that looks like an HTTP status is read as one.
 */
function inBandError(error: unknown): SwitchyardError {
  const body = JSON.stringify({ error });
  const code = isRecord(error) ? Number(error.code) : NaN;
  const status = Number.isInteger(code) && code >= 400 && code < 600 ? code : 502;
  const mapped = errorFromResponse(status, body, undefined, { url: '', target: 'provider', now: Date.now() });
  const { url: _url, target: _target, ...details } = mapped.details;
  return new SwitchyardError(mapped.code, `Provider reported an error in its response: ${typeof details.providerMessage === 'string' ? details.providerMessage : 'unknown error'}`, {
    retryable: mapped.retryable,
    details: { ...details, inBand: true },
  });
}
