import { describe, expect, it } from 'vitest';
import { SseParser, parseSseStream, type SseEvent } from './sse-parser';
import { catchError } from '../../../test/support/catch-error';

const encoder = new TextEncoder();

function parseInPieces(bytes: Uint8Array, cuts: number[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let last = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...parser.push(bytes.subarray(last, cut)));
    last = cut;
  }
  events.push(...parser.end());
  return events;
}

const wire =
  ': hello comment\r\n' +
  'event: content_block_delta\r\n' +
  'data: {"text":"héllo wörld ✓ 🚀"}\r\n' +
  '\r\n' +
  'data: line one\n' +
  'data: line two\n' +
  '\n' +
  'id: 7\r' +
  'data:no-space\r' +
  '\r' +
  'data: [DONE]\n\n';

const expected: SseEvent[] = [
  { event: 'content_block_delta', data: '{"text":"héllo wörld ✓ 🚀"}' },
  { event: 'message', data: 'line one\nline two' },
  { event: 'message', data: 'no-space', id: '7' },
  // An id belongs to its own event (as eventsource-parser reports it).
  { event: 'message', data: '[DONE]' },
];

describe('SseParser', () => {
  it('parses CRLF, LF and CR line endings, comments, multi-line data, ids and event names', () => {
    expect(parseInPieces(encoder.encode(wire), [])).toEqual(expected);
  });

  it('gives the same events whichever single byte boundary the network splits at (inside UTF-8 too)', () => {
    const bytes = encoder.encode(wire);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parseInPieces(bytes, [cut]), `split at byte ${cut}`).toEqual(expected);
    }
  });

  it('survives one byte at a time', () => {
    const bytes = encoder.encode(wire);
    expect(parseInPieces(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1))).toEqual(expected);
  });

  it('drops a leading byte-order mark, even split across reads, but only at the very start', () => {
    const bytes = encoder.encode('\uFEFFdata: a\uFEFF\n\n');
    expect(parseInPieces(bytes, [1, 2])).toEqual([{ event: 'message', data: 'a\uFEFF' }]);
  });

  it('turns invalid UTF-8 into U+FFFD instead of failing', () => {
    const bytes = new Uint8Array([...encoder.encode('data: a'), 0xff, 0xc3, ...encoder.encode('b\n\n')]);
    expect(parseInPieces(bytes, [8])).toEqual([{ event: 'message', data: 'a\uFFFD\uFFFDb' }]);
  });

  it('treats a CR at the end of a read as a line end, and an LF opening the next read as the rest of that CRLF', () => {
    const parser = new SseParser();
    expect(parser.push(encoder.encode('data: a\r'))).toEqual([]);
    // CRLF ends `data: a`; the lone CR after it is the blank line that dispatches.
    expect(parser.push(encoder.encode('\n\r'))).toEqual([{ event: 'message', data: 'a' }]);
    // This LF completes the CRLF begun by the CR above: it is no second blank line.
    expect(parser.push(encoder.encode('\ndata: b\n\n'))).toEqual([{ event: 'message', data: 'b' }]);
  });

  it('delivers a last event whose lines ended but whose blank line never came, and ignores blocks without data', () => {
    const parser = new SseParser();
    expect(parser.push(encoder.encode('event: ping\n\nevent: x\ndata: tail\n'))).toEqual([]);
    expect(parser.end()).toEqual([{ event: 'x', data: 'tail' }]);
  });

  it('drops an event cut mid-line at the end: its data is incomplete', () => {
    const parser = new SseParser();
    expect(parser.push(encoder.encode('data: {"a":1}\n\ndata: first\ndata: {"b"'))).toEqual([{ event: 'message', data: '{"a":1}' }]);
    expect(parser.end()).toEqual([]);
  });

  it('a stream cut inside a multi-byte character ends without an event holding U+FFFD', () => {
    const whole = encoder.encode('data: a\n\ndata: é✓🚀\n\n');
    for (let cut = 10; cut < whole.length - 2; cut++) {
      const events = parseInPieces(whole.subarray(0, cut), []);
      expect(events, `cut at byte ${cut}`).toEqual([{ event: 'message', data: 'a' }]);
      expect(JSON.stringify(events)).not.toContain('\uFFFD');
    }
  });

  it('refuses an event larger than the cap with MALFORMED_RESPONSE, even one without any newline', () => {
    const parser = new SseParser({ maxEventChars: 1000 });
    expect(parser.push(encoder.encode(`data: ${'x'.repeat(500)}\n`))).toEqual([]);
    const error = catchError(() => parser.push(encoder.encode('y'.repeat(600))));
    expect(error).toMatchObject({ code: 'MALFORMED_RESPONSE', details: { limitChars: 1000, reason: 'event_too_large' } });
    expect(error.message).toMatch(/passed 1000 characters/);

    const endless = new SseParser({ maxEventChars: 64 * 1024 });
    const chunk = encoder.encode('z'.repeat(16 * 1024));
    expect(() => {
      for (let i = 0; i < 100; i++) endless.push(chunk);
    }).toThrow(/without ending/);
  });

  it('counts the cap per event: many events that are each small pass, however much arrives', () => {
    const parser = new SseParser({ maxEventChars: 100 });
    const events = parser.push(encoder.encode('data: 0123456789\n\n'.repeat(10_000)));
    expect(events).toHaveLength(10_000);
  });

  it('parses 1 MB of small events arriving in one read, and one 8 MB line arriving in 16 KB reads', () => {
    const small = 'data: {"choices":[{"delta":{"content":"hi"}}]}\n\n';
    const many = encoder.encode(small.repeat(Math.ceil(1_000_000 / small.length)));
    expect(new SseParser().push(many)).toHaveLength(Math.ceil(1_000_000 / small.length));

    const parser = new SseParser({ maxEventChars: 16 * 1024 * 1024 });
    const piece = encoder.encode('x'.repeat(16 * 1024));
    expect(parser.push(encoder.encode('data: '))).toEqual([]);
    for (let i = 0; i < 512; i++) expect(parser.push(piece)).toEqual([]);
    const [event] = parser.push(encoder.encode('\r\n\r\n'));
    expect(event?.data.length).toBe(512 * 16 * 1024);
  });

  it('reads a byte stream as an async iterable', async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      const bytes = encoder.encode(wire);
      for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
    }
    const events: SseEvent[] = [];
    for await (const e of parseSseStream(source())) events.push(e);
    expect(events).toEqual(expected);
  });
});
