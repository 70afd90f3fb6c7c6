import { SwitchyardError } from '../../shared/errors';
import { errorFromResponse, malformed } from './provider-errors';
import { isRecord, lowerKeys } from './openai-chat';
import type { SseEvent } from './sse-parser';
import type { Completion, StreamDecoder, WireProtocol, WireRequest } from './types';
import { usageFromAnthropic } from './usage';

/** Anthropic Messages API. max_tokens is required by the API; this is what we send when the caller gives none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;
export const ANTHROPIC_VERSION = '2023-06-01';

/** `{base_url}/v1/messages`; base_url is the host root, but a trailing /v1 is tolerated. */
export function anthropicMessagesUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/v1$/.test(trimmed) ? `${trimmed}/messages` : `${trimmed}/v1/messages`;
}

export function buildAnthropicBody(req: WireRequest): Record<string, unknown> {
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const messages = req.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content }));
  if (messages.length === 0) {
    throw new SwitchyardError('INVALID_REQUEST', 'messages: Anthropic needs at least one user or assistant message besides the system prompt', {
      details: { field: 'messages' },
    });
  }
  const body: Record<string, unknown> = { ...(req.additionalParams ?? {}) };
  body.model = req.model;
  // The system prompt is its own field; several system messages are joined in order.
  if (system.length > 0) body.system = system.join('\n\n');
  body.messages = messages;
  body.max_tokens = req.maxTokens ?? (typeof body.max_tokens === 'number' ? body.max_tokens : ANTHROPIC_DEFAULT_MAX_TOKENS);
  if (req.temperature !== undefined) {
    // Anthropic's range is 0..1; ours is OpenAI's 0..2.
    body.temperature = Math.min(req.temperature, 1);
  }
  if (req.stream) body.stream = true;
  else delete body.stream;
  return body;
}

export function anthropicHeaders(apiKey: string | undefined, extra: Record<string, string>, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (apiKey) headers['x-api-key'] = apiKey;
  return { ...headers, ...lowerKeys(extra) };
}

export function parseAnthropicMessage(json: unknown): Completion {
  if (!isRecord(json)) throw malformed('the body is not a JSON object');
  if (json.type === 'error') throw eventError(json.error);
  if (!Array.isArray(json.content)) throw malformed('`content` is missing or not an array', { field: 'content' });
  if (!isRecord(json.usage)) throw malformed('`usage` is missing', { field: 'usage' });
  let content = '';
  json.content.forEach((block, i) => {
    if (!isRecord(block)) throw malformed(`\`content[${i}]\` is not an object`, { field: `content[${i}]` });
    if (block.type === 'text') {
      if (typeof block.text !== 'string') throw malformed(`\`content[${i}].text\` is not a string`, { field: `content[${i}].text` });
      content += block.text;
    }
  });
  const completion: Completion = {
    id: typeof json.id === 'string' ? json.id : '',
    content,
    model: typeof json.model === 'string' ? json.model : '',
    usage: usageFromAnthropic(json.usage),
    usageReported: true,
  };
  if (typeof json.stop_reason === 'string') completion.finishReason = json.stop_reason;
  return completion;
}

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

  get done(): boolean {
    return this.#done;
  }

  push(event: SseEvent): string[] {
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
      case 'content_block_delta': {
        const delta = data.delta;
        if (!isRecord(delta)) throw malformed('`content_block_delta` has no `delta`', { field: 'delta' });
        if (delta.type !== 'text_delta') return []; // tool input and thinking deltas are not chat text
        if (typeof delta.text !== 'string') throw malformed('`text_delta.text` is not a string', { field: 'delta.text' });
        this.#content += delta.text;
        return delta.text === '' ? [] : [delta.text];
      }
      case 'message_delta': {
        if (isRecord(data.delta) && typeof data.delta.stop_reason === 'string') this.#stopReason = data.delta.stop_reason;
        if (isRecord(data.usage) && typeof data.usage.output_tokens === 'number') this.#outputTokens = data.usage.output_tokens;
        if (isRecord(data.usage) && typeof data.usage.input_tokens === 'number') this.#startUsage = { ...this.#startUsage, ...data.usage };
        return [];
      }
      case 'message_stop':
        this.#done = true;
        return [];
      case 'error':
        throw eventError(data.error);
      default:
        // ping, content_block_start/stop, and event types added later: the API says to ignore unknown ones.
        return [];
    }
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
    if (this.#stopReason !== undefined) completion.finishReason = this.#stopReason;
    return completion;
  }
}

export const anthropicMessagesProtocol: WireProtocol = {
  name: 'anthropic-messages',
  parseCompletion: parseAnthropicMessage,
  createStreamDecoder: () => new AnthropicStreamDecoder(),
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
  return new SwitchyardError(mapped.code, `Anthropic reported ${type} mid-response: ${String(details.providerMessage ?? 'no message')}`, {
    retryable: mapped.retryable,
    details: { ...details, midStream: true },
  });
}
