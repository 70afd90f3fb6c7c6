import { StringDecoder } from 'node:string_decoder';

/**
 * Server-sent events, per the WHATWG spec, fed raw bytes in whatever pieces the network delivers:
 * a streaming UTF-8 decoder keeps multi-byte characters split across reads intact, lines may end in
 * LF, CRLF or a lone CR (even when the CR and LF arrive in different reads), `:` lines are comments,
 * several `data:` lines join with '\n'.
 */
export interface SseEvent {
  /** The `event:` name; 'message' when none was given. */
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  // StringDecoder rather than TextDecoder: same streaming UTF-8 decoding (invalid bytes become U+FFFD), at a
  // fraction of the set-up cost, which every streamed reply pays once.
  readonly #decoder = new StringDecoder('utf8');
  /** Still looking for the optional byte-order mark the spec says to drop. */
  #atStart = true;
  #buffer = '';
  #data: string[] = [];
  #event = '';
  #id: string | undefined;

  /** Feeds bytes; returns the events they completed. */
  push(bytes: Uint8Array): SseEvent[] {
    return this.#feed(this.#text(this.#decoder.write(bytes)), false);
  }

  /**
   * Flushes at end of stream. An unterminated last line still counts, and a pending event is delivered
   * (lenient where the spec would drop it: some servers omit the final blank line).
   */
  end(): SseEvent[] {
    const events = this.#feed(this.#text(this.#decoder.end()), true);
    if (this.#buffer.length > 0) {
      this.#line(this.#buffer, events);
      this.#buffer = '';
    }
    this.#dispatch(events);
    return events;
  }

  #text(decoded: string): string {
    if (!this.#atStart || decoded === '') return decoded;
    this.#atStart = false;
    return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  }

  #feed(text: string, final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    this.#buffer += text;
    let start = 0;
    for (;;) {
      const lf = this.#buffer.indexOf('\n', start);
      const cr = this.#buffer.indexOf('\r', start);
      if (lf === -1 && cr === -1) break;
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A CR at the very end may be the first half of a CRLF still in flight.
        if (cr === this.#buffer.length - 1 && !final) break;
        end = cr;
        next = this.#buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
      } else {
        end = lf;
        next = lf + 1;
      }
      this.#line(this.#buffer.slice(start, end), events);
      start = next;
    }
    this.#buffer = this.#buffer.slice(start);
    return events;
  }

  #line(line: string, events: SseEvent[]): void {
    if (line === '') {
      this.#dispatch(events);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    // `retry` and unknown fields are ignored: reconnection is not ours to do.
  }

  #dispatch(events: SseEvent[]): void {
    if (this.#data.length > 0) {
      const event: SseEvent = { event: this.#event || 'message', data: this.#data.join('\n') };
      if (this.#id !== undefined) event.id = this.#id;
      events.push(event);
    }
    this.#data = [];
    this.#event = '';
  }
}

/** Turns a byte stream into SSE events. */
export async function* parseSseStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent, void, undefined> {
  const parser = new SseParser();
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}
