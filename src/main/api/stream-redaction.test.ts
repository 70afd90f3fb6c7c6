import { afterEach, describe, expect, it } from 'vitest';
import type { ChatResponse, StreamPart } from '../../shared/chat';
import type { SwitchyardConfig } from '../../shared/config';
import { leakedPrefix } from '../../../test/support/key-prefix';
import { createTestApp, TEST_KEY, type TestApp } from '../../../test/support/test-app';
import { Redactor } from '../logging/redact';
import type { Router } from '../routing/types';
import { StreamRedaction } from './stream-redaction';

const KEY = 'vllm-local-key-7f3a9c2e8d1b4a6f0e5c';
const OTHER = 'sk-other-key-0000111122223333';
const redactor = (): Redactor => new Redactor([KEY, OTHER], { shapes: false });
const delta = (text: string): StreamPart => ({ type: 'text-delta', text });
const finish = { type: 'finish', response: { content: 'x' } as ChatResponse } as const;

/** Runs deltas (then a finish) through one stream's redaction; returns the text that came out and every part. */
function run(pieces: string[]): { text: string; parts: StreamPart[] } {
  const scrub = new StreamRedaction(redactor());
  const parts = [...pieces.map(delta), finish].flatMap((p) => scrub.pass(p));
  const text = parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
  return { text, parts };
}

describe('StreamRedaction', () => {
  const reply = `The key is ${KEY}, and ${OTHER} too.`;
  const expected = reply.replace(KEY, '[REDACTED]').replace(OTHER, '[REDACTED]');

  it('for every way of cutting the reply into two or three deltas, no key (or 8 of its characters) comes out', () => {
    for (let a = 0; a <= reply.length; a++) {
      const { text } = run([reply.slice(0, a), reply.slice(a)]);
      expect(text).toBe(expected);
      for (let b = a; b <= reply.length; b += 3) {
        const three = run([reply.slice(0, a), reply.slice(a, b), reply.slice(b)]).text;
        expect(leakedPrefix(three, KEY) ?? leakedPrefix(three, OTHER)).toBeUndefined();
        expect(three).toBe(expected);
      }
    }
  });

  it('holds back only what could begin a key, and lets it go before the final part', () => {
    const { parts } = run(['plain words ', 'then vl', 'ow and v']);
    expect(parts).toEqual([delta('plain words '), delta('then '), delta('vlow and '), delta('v'), finish]);
  });

  it('keeps tool-argument deltas apart by call, and releases held text in order before other parts', () => {
    const scrub = new StreamRedaction(redactor());
    const out = [
      { type: 'tool-call-delta', index: 0, argumentsDelta: `{"k":"${KEY.slice(0, 10)}` },
      { type: 'tool-call-delta', index: 0, argumentsDelta: `${KEY.slice(10)}"}` },
      delta('done s'),
      { type: 'tool-call', index: 0, toolCall: { id: 'c', name: 'f', arguments: `{"k":"${KEY}"}` } },
    ].flatMap((p) => scrub.pass(p as StreamPart));
    expect(out).toEqual([
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"k":"' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '[REDACTED]"}' },
      delta('done '),
      delta('s'),
      { type: 'tool-call', index: 0, toolCall: { id: 'c', name: 'f', arguments: '{"k":"[REDACTED]"}' } },
    ]);
  });

  it('passes deltas through untouched when there is no key to look for', () => {
    const scrub = new StreamRedaction(new Redactor([], { shapes: false }));
    const part = delta('sk-looks-like-a-key-but-is-none');
    expect(scrub.pass(part)[0]).toBe(part);
  });
});

describe('chat.stream through the API core', () => {
  let app: TestApp;
  afterEach(() => app.close());

  it('a key the model echoes, split across deltas, reaches the sink as [REDACTED]', async () => {
    const half = Math.floor(TEST_KEY.length / 2);
    const echo = (config: SwitchyardConfig): Router => ({
      mode: config.routing.mode,
      route: () => Promise.reject(new Error('unused')),
      async *stream() {
        yield { type: 'start', provider: 'openai', model: 'm', mode: config.routing.mode };
        yield { type: 'text-delta', text: `your key: ${TEST_KEY.slice(0, half)}` };
        yield { type: 'text-delta', text: `${TEST_KEY.slice(half)} (keep it safe)` };
        const content = `your key: ${TEST_KEY} (keep it safe)`;
        yield { type: 'finish', response: { content, trace: { mode: config.routing.mode, servedBy: config.routing.mode, attempts: [], retries: 0, overheadMs: 0, latencyMs: 1 } } as unknown as ChatResponse };
      },
      close: async () => undefined,
    });
    app = await createTestApp({ routerFactory: echo });
    const parts: StreamPart[] = [];
    await app.core.streamChat({ request: { messages: [{ role: 'user', content: 'what is my key' }] } }, (part) => parts.push(part), new AbortController().signal);
    const seen = JSON.stringify(parts);
    expect(leakedPrefix(seen, TEST_KEY)).toBeUndefined();
    const text = parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
    expect(text).toBe('your key: [REDACTED] (keep it safe)');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', response: { content: 'your key: [REDACTED] (keep it safe)' } });
  });
});
