import type { ToolCall } from '../../shared/chat';
import type { DeltaPart } from './types';

interface Pending {
  id: string;
  name: string;
  pieces: string[];
  done: boolean;
}

/**
 * Collects streamed tool calls — a start (id, name), argument pieces, an end — into complete calls, and
 * words each step as a stream part. Calls are numbered 0, 1, ... in the order they start, whatever index
 * the wire protocol gave them.
 */
export class ToolCallAssembler {
  readonly #calls: Pending[] = [];

  /** @param emptyArguments what a call that streamed no argument text has (Anthropic: `{}`, its input is always an object) */
  constructor(private readonly emptyArguments = '') {}

  get size(): number {
    return this.#calls.length;
  }

  start(id: string, name: string): Extract<DeltaPart, { type: 'tool-call-start' }> {
    this.#calls.push({ id, name, pieces: [], done: false });
    return { type: 'tool-call-start', index: this.#calls.length - 1, id, name };
  }

  /** The next piece of call `index`'s arguments; undefined for an empty piece (nothing to tell). */
  append(index: number, piece: string): DeltaPart | undefined {
    if (piece === '') return undefined;
    this.#calls[index]!.pieces.push(piece);
    return { type: 'tool-call-delta', index, argumentsDelta: piece };
  }

  /** Whether call `index`'s arguments so far are a whole JSON value. */
  argumentsComplete(index: number): boolean {
    const text = this.#calls[index]!.pieces.join('');
    if (text.trim() === '') return false;
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }

  /** Marks call `index` complete; its `tool-call` part, or undefined if it already was. */
  complete(index: number): DeltaPart | undefined {
    const call = this.#calls[index];
    if (call === undefined || call.done) return undefined;
    call.done = true;
    return { type: 'tool-call', index, toolCall: this.#toToolCall(call) };
  }

  /** Completes every call still open, in order. */
  completeAll(): DeltaPart[] {
    const parts: DeltaPart[] = [];
    for (let i = 0; i < this.#calls.length; i++) {
      const part = this.complete(i);
      if (part !== undefined) parts.push(part);
    }
    return parts;
  }

  calls(): ToolCall[] | undefined {
    return this.#calls.length === 0 ? undefined : this.#calls.map((call) => this.#toToolCall(call));
  }

  #toToolCall(call: Pending): ToolCall {
    return { id: call.id, name: call.name, arguments: call.pieces.length === 0 ? this.emptyArguments : call.pieces.join('') };
  }
}
