import { SwitchyardError } from '../../shared/errors';
import type { Usage } from '../../shared/chat';
import { errorFromResponse, malformed } from './provider-errors';
import type { SseEvent } from './sse-parser';
import type { Completion, StreamDecoder, WireProtocol, WireRequest } from './types';
import { ZERO_USAGE, usageFromOpenAI } from './usage';

/**
 * OpenAI chat completions: OpenAI itself and every compatible API (Groq, OpenRouter, Mistral, DeepSeek,
 * Together, Ollama, LM Studio, vLLM) and Plano's model listener.
 */

/** `{base_url}/chat/completions`; base_url is the part that usually ends in /v1. */
export function openAIChatUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
}

export function buildOpenAIChatBody(req: WireRequest): Record<string, unknown> {
  // Caller extras first, so they can add knobs (top_p, stop, seed) but never undo the core fields.
  // (Copied key by key rather than spread-then-delete: `delete` makes V8 slow down the whole object.)
  const body: Record<string, unknown> = {};
  if (req.additionalParams !== undefined) {
    for (const key of Object.keys(req.additionalParams)) {
      if (key !== 'stream' && key !== 'stream_options') body[key] = req.additionalParams[key];
    }
  }
  body.model = req.model;
  body.messages = req.messages.map((m) => ({ role: m.role, content: m.content }));
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  if (req.stream) {
    body.stream = true;
    const extra = req.additionalParams?.stream_options;
    // Without include_usage a stream reports no token counts at all.
    body.stream_options = { ...(isRecord(extra) ? extra : {}), include_usage: true };
  }
  return body;
}

export function openAIChatHeaders(apiKey: string | undefined, extra: Record<string, string>, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return { ...headers, ...lowerKeys(extra) };
}

export function parseOpenAICompletion(json: unknown): Completion {
  if (!isRecord(json)) throw malformed('the body is not a JSON object');
  if (isRecord(json.error) || typeof json.error === 'string') throw inBandError(json.error);
  if (!Array.isArray(json.choices)) throw malformed('`choices` is missing or not an array', { field: 'choices' });
  const choice: unknown = json.choices[0];
  if (!isRecord(choice)) throw malformed('`choices` is empty', { field: 'choices' });
  if (!isRecord(choice.message)) throw malformed('`choices[0].message` is missing', { field: 'choices[0].message' });
  const content = choice.message.content;
  if (content !== null && content !== undefined && typeof content !== 'string') {
    throw malformed('`choices[0].message.content` is not a string', { field: 'choices[0].message.content' });
  }
  const completion: Completion = {
    id: typeof json.id === 'string' ? json.id : '',
    content: content ?? '',
    model: typeof json.model === 'string' ? json.model : '',
    usage: isRecord(json.usage) ? usageFromOpenAI(json.usage) : { ...ZERO_USAGE },
    usageReported: isRecord(json.usage),
  };
  if (typeof choice.finish_reason === 'string') completion.finishReason = choice.finish_reason;
  return completion;
}

class OpenAIStreamDecoder implements StreamDecoder {
  #done = false;
  #chunks = 0;
  #id = '';
  #model = '';
  #content = '';
  #finishReason: string | undefined;
  #usage: Usage | undefined;

  get done(): boolean {
    return this.#done;
  }

  push(event: SseEvent): string[] {
    if (this.#done) return [];
    const data = event.data.trim();
    if (data === '[DONE]') {
      this.#done = true;
      return [];
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
    const texts: string[] = [];
    for (const choice of chunk.choices) {
      if (!isRecord(choice)) throw malformed(`stream chunk ${this.#chunks} has a choice that is not an object`, { chunk: this.#chunks });
      if (typeof choice.index === 'number' && choice.index !== 0) continue; // n > 1: we serve the first choice
      const delta = choice.delta;
      if (delta !== undefined && delta !== null && !isRecord(delta)) {
        throw malformed(`stream chunk ${this.#chunks}: \`choices[].delta\` is not an object`, { chunk: this.#chunks, field: 'choices[].delta' });
      }
      const text = delta?.content;
      if (text !== undefined && text !== null && typeof text !== 'string') {
        throw malformed(`stream chunk ${this.#chunks}: \`delta.content\` is not a string`, { chunk: this.#chunks, field: 'choices[].delta.content' });
      }
      if (typeof text === 'string' && text !== '') {
        this.#content += text;
        texts.push(text);
      }
      if (typeof choice.finish_reason === 'string') this.#finishReason = choice.finish_reason;
    }
    return texts;
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
    if (this.#finishReason !== undefined) completion.finishReason = this.#finishReason;
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
  return new SwitchyardError(mapped.code, `Provider reported an error in its response: ${String(details.providerMessage ?? 'unknown error')}`, {
    retryable: mapped.retryable,
    details: { ...details, inBand: true },
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

export { lowerKeys };
