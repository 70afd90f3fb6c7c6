import type { ChatResponse, StreamPart } from '../../shared/chat';
import { finishToOpenAI } from '../providers/finish-reason';
import { usageToOpenAI } from '../providers/usage';
import { errorBody, httpStatusOf } from './wire-errors';

/**
 * Our reply in OpenAI's chat completions shapes: the mirror of parseOpenAICompletion and the OpenAI stream
 * decoder. `model` names what served the reply as `provider/model`.
 */

export function servedModel(response: Pick<ChatResponse, 'provider' | 'model'>): string {
  return `${response.provider}/${response.model}`;
}

export function openAICompletion(response: ChatResponse, created: number): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: response.content === '' && response.toolCalls ? null : response.content, refusal: null };
  if (response.toolCalls) message.tool_calls = response.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  return {
    id: response.id,
    object: 'chat.completion',
    created,
    model: servedModel(response),
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishToOpenAI(response.finishReason) }],
    usage: usageToOpenAI(response.usage),
  };
}

/**
 * Stream parts as `chat.completion.chunk` events: the role with the first delta, indexed tool-call fragments
 * (id and name first, then argument pieces), the finish reason, a usage chunk when the client asked for
 * one, then `[DONE]`. A failure after the stream began is an `error` event (the OpenAI SDK throws it).
 */
export class OpenAIStreamEncoder {
  #model = '';
  #roleSent = false;

  constructor(
    private readonly id: string,
    private readonly created: number,
    private readonly includeUsage: boolean,
  ) {}

  encode(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        this.#model = `${part.provider}/${part.model}`;
        return '';
      case 'text-delta':
        return this.#delta({ content: part.text });
      case 'tool-call-start':
        return this.#delta({ tool_calls: [{ index: part.index, id: part.id, type: 'function', function: { name: part.name, arguments: '' } }] });
      case 'tool-call-delta':
        return this.#delta({ tool_calls: [{ index: part.index, function: { arguments: part.argumentsDelta } }] });
      case 'tool-call':
        return '';
      case 'finish': {
        const response = part.response;
        this.#model = servedModel(response);
        let out = this.#roleSent ? '' : this.#delta({ content: '' });
        out += this.#chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishToOpenAI(response.finishReason) }]);
        if (this.includeUsage) out += this.#chunk([], usageToOpenAI(response.usage));
        return `${out}data: [DONE]\n\n`;
      }
      case 'error':
        return `data: ${JSON.stringify(errorBody('openai', part.error, httpStatusOf(part.error)))}\n\n`;
    }
  }

  #delta(delta: Record<string, unknown>): string {
    if (!this.#roleSent) {
      this.#roleSent = true;
      delta = { role: 'assistant', ...delta };
    }
    return this.#chunk([{ index: 0, delta, logprobs: null, finish_reason: null }]);
  }

  #chunk(choices: unknown[], usage?: unknown): string {
    const chunk: Record<string, unknown> = { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.#model, choices };
    if (usage !== undefined) chunk.usage = usage;
    else if (this.includeUsage) chunk.usage = null;
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}
