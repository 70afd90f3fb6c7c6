import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from './sse-parser';

/**
 * Differential test: our parser against eventsource-parser (the parser the Vercel AI SDK and the OpenAI
 * ecosystem use) on edge cases, each split at every byte position. The oracle is fed text from a streaming
 * TextDecoder (which drops a leading BOM, as the spec says), and at the end of the stream it gets what our
 * documented end-of-stream rule means: an event whose lines all ended is delivered without its blank line;
 * a stream cut inside a line (or a character) drops the event it was in the middle of.
 */

const encoder = new TextEncoder();

const CORPUS: Record<string, string | Uint8Array> = {
  'LF events': 'data: one\n\ndata: two\n\n',
  'CRLF events': 'data: one\r\n\r\ndata: two\r\n\r\n',
  'lone CR events': 'data: one\r\rdata: two\r\r',
  'mixed endings': 'data: a\r\ndata: b\rdata: c\n\r\n',
  'BOM then event': '\uFEFFdata: after bom\n\n',
  'BOM inside data is kept': '\uFEFFdata: x\uFEFFy\n\n',
  comments: ': keep-alive\n: another\ndata: payload\n:trailing comment\n\n',
  'multi-line data': 'data: line 1\ndata: line 2\ndata:\ndata: line 4\n\n',
  'event names': 'event: content_block_delta\ndata: {"t":1}\n\nevent:\ndata: default name\n\nevent: ping\n\n',
  'retry fields': 'retry: 3000\ndata: r\n\nretry: soon\ndata: s\n\n',
  ids: 'id: 1\ndata: a\n\nid\ndata: b\n\nid: has\0nul\ndata: c\n\ndata: d\nid: 9\n\n',
  'empty data': 'data:\n\ndata\n\ndata: \n\n',
  'no space after colon': 'data:tight\nevent:tight-name\n\n',
  'two spaces after colon': 'data:  two spaces\n\n',
  'unknown fields': 'foo: bar\nbaz\ndata: kept\n\n',
  'blocks without data': 'event: x\n\nid: 3\n\n\n\ndata: only\n\n',
  'colon in value': 'data: {"a":"b:c"}\n\n',
  'multi-byte text': 'data: héllo wörld ✓ 🚀 中文\n\n',
  'OpenAI stream': 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":1}}\n\ndata: [DONE]\n\n',
  'Anthropic stream':
    'event: message_start\ndata: {"type":"message_start"}\n\nevent: ping\ndata: {"type": "ping"}\n\n' +
    'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"text":"é"}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
  'truncated: last blank line missing': 'data: a\n\ndata: b\n',
  'truncated: mid-line': 'data: a\n\ndata: {"partial',
  'truncated: after CR': 'data: a\r',
  'truncated: mid-character': encoder.encode('data: a\n\ndata: ✓').subarray(0, 17),
  'invalid UTF-8 bytes': new Uint8Array([...encoder.encode('data: a'), 0xff, 0xc3, ...encoder.encode('b\n\n')]),
};

interface Normalized {
  event: string;
  data: string;
  id?: string;
}

function normalize(message: EventSourceMessage): Normalized {
  const event: Normalized = { event: message.event ?? 'message', data: message.data };
  if (message.id !== undefined) event.id = message.id;
  return event;
}

/** eventsource-parser, fed decoded text piece by piece, with our end-of-stream rule. */
function oracle(pieces: Uint8Array[]): Normalized[] {
  const events: Normalized[] = [];
  const parser = createParser({ onEvent: (message) => events.push(normalize(message)) });
  const decoder = new TextDecoder();
  let text = '';
  for (const piece of pieces) {
    const chunk = decoder.decode(piece, { stream: true });
    text += chunk;
    if (chunk !== '') parser.feed(chunk);
  }
  const cutCharacter = decoder.decode() !== '';
  const lineEnded = text === '' || text.endsWith('\n') || text.endsWith('\r');
  if (!cutCharacter && lineEnded) parser.feed('\n\n');
  return events;
}

function ours(pieces: Uint8Array[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  for (const piece of pieces) events.push(...parser.push(piece));
  events.push(...parser.end());
  return events;
}

function bytesOf(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? encoder.encode(input) : input;
}

describe('SseParser agrees with eventsource-parser', () => {
  for (const [name, input] of Object.entries(CORPUS)) {
    it(`${name}: whole, split at every byte position, and byte by byte`, () => {
      const bytes = bytesOf(input);
      const expected = oracle([bytes]);
      expect(ours([bytes])).toEqual(expected);
      for (let cut = 1; cut < bytes.length; cut++) {
        const pieces = [bytes.subarray(0, cut), bytes.subarray(cut)];
        expect(ours(pieces), `split at byte ${cut}`).toEqual(oracle(pieces));
      }
      const single = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
      expect(ours(single)).toEqual(oracle(single));
    });
  }

  it('the corpus exercises what it claims (the oracle finds events in every complete stream)', () => {
    for (const [name, input] of Object.entries(CORPUS)) {
      if (name.startsWith('truncated: mid')) continue;
      expect(oracle([bytesOf(input)]).length, name).toBeGreaterThan(0);
    }
  });
});
