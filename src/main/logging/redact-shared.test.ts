import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from './redact';

/**
 * redactShared is redactData without the copy where nothing needs scrubbing. On a corpus of JSON-like
 * values — keys in strings, in object keys, deep in lists, next to long text — the two must agree exactly,
 * the input must come out untouched, and a part without a key must be the input's own part.
 */

const KEY = 'sk-live-SHARED-0123456789abcdef';
const OTHER = 'gsk_another-known-key-value';
const redactor = new Redactor([KEY, OTHER], { shapes: false });

const CORPUS: unknown[] = [
  'plain text',
  `my key is ${KEY}`,
  42,
  null,
  true,
  undefined,
  [],
  {},
  ['a', KEY, { b: `x${OTHER}y` }],
  { messages: [{ role: 'user', content: 'hello' }], model: 'openai/gpt-4o', temperature: 0.2 },
  { messages: [{ role: 'user', content: `use ${KEY} please` }], metadata: { note: 'fine' } },
  { [KEY]: 'a key as an object key', fine: { deeper: [1, 2, { deepest: OTHER }] } },
  { trace: { attempts: [{ url: `http://127.0.0.1:9/v1?key=${KEY}`, status: 401 }] }, usage: { inputTokens: 3 } },
  { long: 'y'.repeat(10_000) + KEY + 'z'.repeat(10), nothing: 'n'.repeat(10_000) },
  { optional: undefined, list: [undefined, null, ''], nested: { empty: [] } },
  Array.from({ length: 300 }, (_, i) => (i === 250 ? { at: KEY } : { at: i })),
];

describe('Redactor.redactShared', () => {
  it.each(CORPUS.map((value, i) => [i, value] as const))('case %i: the same result as redactData, the input unchanged', (_i, value) => {
    const before = structuredClone(value);
    expect(redactor.redactShared(value)).toStrictEqual(redactor.redactData(value));
    expect(value).toStrictEqual(before);
  });

  it('hands back the value itself when no part of it holds a key', () => {
    const body = CORPUS[9] as object;
    expect(redactor.redactShared(body)).toBe(body);
  });

  it('copies only the objects on the way to a key; the rest is shared', () => {
    const clean = { text: 'nothing here', list: [1, 2, 3] };
    const value = { clean, dirty: { inner: `a ${KEY} b` } };
    const out = redactor.redactShared(value);
    expect(out).not.toBe(value);
    expect(out.clean).toBe(clean);
    expect(out.dirty.inner).toBe(`a ${REDACTED} b`);
    expect(value.dirty.inner).toContain(KEY);
  });
});
