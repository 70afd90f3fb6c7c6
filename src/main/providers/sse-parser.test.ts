import { describe, expect, it } from 'vitest';
import { SseParser, parseSseStream, type SseEvent } from './sse-parser';

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
  // The last event id sticks until another arrives, as in the spec.
  { event: 'message', data: '[DONE]', id: '7' },
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

  it('keeps a CR at the end of a read waiting for its LF', () => {
    const parser = new SseParser();
    expect(parser.push(encoder.encode('data: a\r'))).toEqual([]);
    expect(parser.push(encoder.encode('\n\r'))).toEqual([]);
    expect(parser.push(encoder.encode('\ndata: b\n\n'))).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
  });

  it('delivers a last event that lacks the closing blank line, and ignores blocks without data', () => {
    const parser = new SseParser();
    expect(parser.push(encoder.encode('event: ping\n\nevent: x\ndata: tail'))).toEqual([]);
    expect(parser.end()).toEqual([{ event: 'x', data: 'tail' }]);
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
