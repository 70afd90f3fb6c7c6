import { StringDecoder } from 'node:string_decoder';
import { SwitchyardError } from '../../shared/errors';

/**
 * Server-sent events, per the WHATWG spec, fed raw bytes in whatever pieces the network delivers:
 * a streaming UTF-8 decoder keeps multi-byte characters split across reads intact, lines may end in
 * LF, CRLF or a lone CR (even when the CR and LF arrive in different reads), `:` lines are comments,
 * several `data:` lines join with '\n'.
 *
 * Linear in the bytes fed, however they are split: every character is scanned once for each line
 * terminator, and a line that arrives in many reads is kept as pieces and joined once. One event (its
 * data plus the line still arriving) may hold at most `maxEventChars`; past that the stream is refused
 * with MALFORMED_RESPONSE rather than buffered without bound.
 */
export interface SseEvent {
  /** The `event:` name; 'message' when none was given. */
  event: string;
  data: string;
  /** The event's own `id:` field (we never reconnect, so the spec's last-event-id buffer has no use here). */
  id?: string;
}

/** Far above any real chat event (a few KB), far below what would hurt the process. */
export const MAX_SSE_EVENT_CHARS = 4 * 1024 * 1024;

export class SseParser {
  // StringDecoder rather than TextDecoder: same streaming UTF-8 decoding (invalid bytes become U+FFFD), at a
  // fraction of the set-up cost, which every streamed reply pays once.
  readonly #decoder = new StringDecoder('utf8');
  readonly #maxEventChars: number;
  /** Still looking for the optional byte-order mark the spec says to drop. */
  #atStart = true;
  /** The last read ended on a CR: an LF at the start of the next one completes that CRLF. */
  #afterCr = false;
  /** The line still arriving, in the pieces it came in. */
  #pieces: string[] = [];
  #piecesLength = 0;
  /** The event's data lines so far, joined with '\n' (`#dataLines` tells "no data" from "one empty line"). */
  #data = '';
  #dataLines = 0;
  #event = '';
  #id: string | undefined;

  constructor(options: { maxEventChars?: number } = {}) {
    this.#maxEventChars = options.maxEventChars ?? MAX_SSE_EVENT_CHARS;
  }

  /** Feeds bytes; returns the events they completed. Throws MALFORMED_RESPONSE when an event passes the cap. */
  push(bytes: Uint8Array): SseEvent[] {
    const events: SseEvent[] = [];
    this.#feed(this.#text(this.#decoder.write(bytes)), events);
    return events;
  }

  /**
   * At end of stream. An event whose lines all ended is delivered even without its closing blank line
   * (lenient: some servers omit it). A stream cut inside a line — or inside a character — was cut mid-event:
   * that event is dropped, since its data is incomplete.
   */
  end(): SseEvent[] {
    const cutCharacter = this.#decoder.end() !== '';
    const events: SseEvent[] = [];
    if (cutCharacter || this.#piecesLength > 0) this.#resetEvent();
    else this.#dispatch(events);
    this.#pieces = [];
    this.#piecesLength = 0;
    return events;
  }

  #text(decoded: string): string {
    if (!this.#atStart || decoded === '') return decoded;
    this.#atStart = false;
    return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  }

  #feed(text: string, events: SseEvent[]): void {
    let start = 0;
    if (this.#afterCr && text !== '') {
      this.#afterCr = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    // Where the next LF and CR are (-1: none left in this text). Each is searched for again only once
    // passed, so the text is scanned once per terminator kind whatever the mix of line endings.
    let lf = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    while (lf !== -1 || cr !== -1) {
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      if (this.#pieces.length === 0) this.#line(text, start, end, events);
      else {
        const line = this.#joinPieces(text.slice(start, end));
        this.#line(line, 0, line.length, events);
      }
      start = end + 1;
      if (end === cr) {
        if (start === text.length) this.#afterCr = true;
        else if (text.charCodeAt(start) === LF) start++;
      }
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    }
    if (start < text.length) {
      const rest = start === 0 ? text : text.slice(start);
      this.#pieces.push(rest);
      this.#piecesLength += rest.length;
      this.#checkSize();
    }
  }

  #joinPieces(last: string): string {
    this.#pieces.push(last);
    const line = this.#pieces.join('');
    this.#pieces = [];
    this.#piecesLength = 0;
    return line;
  }

  /** The line `text[start, end)`; read in place, so an ordinary `data:` line costs one slice. */
  #line(text: string, start: number, end: number, events: SseEvent[]): void {
    if (start === end) {
      this.#dispatch(events);
      return;
    }
    if (text.charCodeAt(start) === COLON) return;
    let colon = text.indexOf(':', start);
    if (colon === -1 || colon > end) colon = end;
    const valueStart = colon < end && text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
    const value = valueStart >= end ? '' : text.slice(valueStart, end);
    const field = colon - start;
    if (field === 4 && text.startsWith('data', start)) {
      this.#data = this.#dataLines === 0 ? value : `${this.#data}\n${value}`;
      this.#dataLines++;
      this.#checkSize();
    } else if (field === 5 && text.startsWith('event', start)) {
      this.#event = value;
    } else if (field === 2 && text.startsWith('id', start) && !value.includes('\0')) {
      this.#id = value;
    }
    // `retry` and unknown fields are ignored: reconnection is not ours to do.
  }

  #checkSize(): void {
    if (this.#data.length + this.#piecesLength <= this.#maxEventChars) return;
    this.#resetEvent();
    this.#pieces = [];
    this.#piecesLength = 0;
    throw new SwitchyardError(
      'MALFORMED_RESPONSE',
      `Malformed response from provider: one event of the stream passed ${this.#maxEventChars} characters without ending; the stream was stopped`,
      { retryable: false, details: { limitChars: this.#maxEventChars, reason: 'event_too_large' } },
    );
  }

  #dispatch(events: SseEvent[]): void {
    if (this.#dataLines > 0) {
      const event: SseEvent = { event: this.#event || 'message', data: this.#data };
      if (this.#id !== undefined) event.id = this.#id;
      events.push(event);
    }
    this.#resetEvent();
  }

  #resetEvent(): void {
    this.#data = '';
    this.#dataLines = 0;
    this.#event = '';
    this.#id = undefined;
  }
}

const LF = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;

/** Turns a byte stream into SSE events. */
export async function* parseSseStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent, void, undefined> {
  const parser = new SseParser();
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}
