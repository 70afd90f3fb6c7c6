import type { StreamPart, ToolCall } from '../../../shared/chat';

type ToolCallPart = Extract<StreamPart, { type: 'tool-call-start' | 'tool-call-delta' | 'tool-call' }>;

/**
 * A reply's tool calls as they stream: each begins with its id and name, its JSON arguments arrive in
 * pieces, and it ends complete. Collected between renders, so the arguments show as they arrive without
 * a render per piece.
 */
export class ToolCallParts {
  readonly #calls: ToolCall[] = [];
  changed = false;

  add(part: ToolCallPart): void {
    this.changed = true;
    if (part.type === 'tool-call-start') this.#calls[part.index] = { id: part.id, name: part.name, arguments: '' };
    else if (part.type === 'tool-call') this.#calls[part.index] = part.toolCall;
    else {
      const call = this.#calls[part.index];
      if (call) this.#calls[part.index] = { ...call, arguments: call.arguments + part.argumentsDelta };
    }
  }

  /** The calls so far when they changed since the last take, else undefined. */
  take(): ToolCall[] | undefined {
    if (!this.changed) return undefined;
    this.changed = false;
    return this.#calls.filter((c) => c !== undefined);
  }
}
