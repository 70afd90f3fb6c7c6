import type { StreamPart } from '../../shared/chat';
import type { Redactor } from '../logging/redact';
import { plainJson } from './plain-json';

/**
 * One stream's parts on their way out of the API, scrubbed of key values once each rather than walked:
 * text and tool-argument deltas go through a scanner that holds back the few characters that could begin
 * a key until the next piece shows whether one follows, so a key split across deltas is caught too; the
 * other parts (start, tool calls, finish, error: one or a few a stream) are redacted whole and made plain
 * JSON. Whatever is held back goes out, in order, before the next part of another kind.
 */
export class StreamRedaction {
  /** Text held back per delta channel (`text`, or a tool call's index), in arrival order. */
  readonly #held = new Map<string, { text: string; make: (text: string) => StreamPart }>();

  constructor(private readonly redactor: Redactor) {}

  pass(part: StreamPart): StreamPart[] {
    if (this.redactor.idle && (part.type === 'text-delta' || part.type === 'tool-call-delta')) return [part];
    if (part.type === 'text-delta') return this.#delta('text', part.text, (text) => ({ type: 'text-delta', text }));
    if (part.type === 'tool-call-delta') {
      const { index } = part;
      return this.#delta(`tool ${index}`, part.argumentsDelta, (argumentsDelta) => ({ type: 'tool-call-delta', index, argumentsDelta }));
    }
    const out = this.#release();
    out.push(plainJson(this.redactor.redactData(part)));
    return out;
  }

  #delta(channel: string, text: string, make: (text: string) => StreamPart): StreamPart[] {
    const out = this.#release(channel);
    const clean = this.redactor.redactString((this.#held.get(channel)?.text ?? '') + text);
    const hold = this.redactor.unfinishedTail(clean);
    this.#held.delete(channel);
    if (hold > 0) this.#held.set(channel, { text: clean.slice(clean.length - hold), make });
    if (hold < clean.length) out.push(make(clean.slice(0, clean.length - hold)));
    return out;
  }

  /** What other channels hold, released: it came before what follows. */
  #release(except?: string): StreamPart[] {
    const out: StreamPart[] = [];
    for (const [channel, { text, make }] of this.#held) {
      if (channel === except) continue;
      this.#held.delete(channel);
      out.push(make(text));
    }
    return out;
  }
}
