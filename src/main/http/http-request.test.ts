import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, type Dispatcher } from 'undici';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { SwitchyardError } from '../../shared/errors';
import { createRouterDispatcher } from './dispatcher';
import { sendHttpRequest, type HttpCall } from './http-request';
import { mapTransportError } from './transport-errors';

let mock: OpenAIMock;
let dispatcher: Dispatcher;
beforeEach(async () => {
  mock = await startOpenAIMock();
  dispatcher = createRouterDispatcher();
});
afterEach(async () => {
  await dispatcher.destroy();
  await mock.close();
});

const call = (extra: Partial<HttpCall> = {}): HttpCall => ({
  url: `${mock.url}/chat/completions`,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hello' }] }),
  firstByteTimeoutMs: 2000,
  overallTimeoutMs: 5000,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<SwitchyardError> {
  try {
    await promise;
  } catch (error) {
    return error as SwitchyardError;
  }
  throw new Error('expected a failure');
}

describe('sendHttpRequest', () => {
  it('measures time to headers and reads the body; sequential calls share one socket', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await sendHttpRequest(dispatcher, call());
      expect(res.status).toBe(200);
      expect(res.ttfbMs).toBeGreaterThan(0);
      expect(JSON.parse(await res.text()).choices[0].message.content).toBe('hello');
    }
    expect(mock.connectionCount()).toBe(1);
  });

  it('truncates text() at the limit but still drains the body', async () => {
    const res = await sendHttpRequest(dispatcher, call());
    expect(await res.text(10)).toHaveLength(10);
    await (await sendHttpRequest(dispatcher, call())).text();
    expect(mock.connectionCount()).toBe(1);
  });

  it('names the first-byte timeout', async () => {
    mock.behave({ headersDelayMs: 500 });
    const error = await failure(sendHttpRequest(dispatcher, call({ firstByteTimeoutMs: 50 })));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true, details: { timeout: 'first_byte', timeoutMs: 50 } });
  });

  it('names the overall timeout while the body is still arriving', async () => {
    mock.behave({ bodyDelayMs: 500 });
    const res = await sendHttpRequest(dispatcher, call({ overallTimeoutMs: 100 }));
    const error = await failure(res.text());
    expect(error).toMatchObject({ code: 'TIMEOUT', details: { timeout: 'overall' } });
    expect(await mock.requests[0]!.ended).toBe('aborted');
  });

  it('turns a caller abort into CANCELLED, before or during the exchange', async () => {
    expect((await failure(sendHttpRequest(dispatcher, call({ signal: AbortSignal.abort() })))).code).toBe('CANCELLED');
    expect(mock.requests).toHaveLength(0);
    mock.behave({ headersDelayMs: 1000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    expect((await failure(sendHttpRequest(dispatcher, call({ signal: controller.signal })))).code).toBe('CANCELLED');
  });

  it('closes the socket when the body is abandoned', async () => {
    mock.behave({ chunks: 20, chunkDelayMs: 20 });
    const res = await sendHttpRequest(dispatcher, call({ body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'a b c d e' }] }) }));
    for await (const chunk of res.chunks()) {
      expect(chunk.byteLength).toBeGreaterThan(0);
      break;
    }
    expect(await mock.requests[0]!.ended).toBe('aborted');
  });

  it('text() waits for a body that arrives in many pieces', async () => {
    mock.behave({ reply: 'one two three four five', chunkDelayMs: 5 });
    const res = await sendHttpRequest(dispatcher, call({ body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] }) }));
    const text = await res.text();
    expect(text.match(/"content":"[^"]+"/g)).toHaveLength(5);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('hands a body larger than its read-ahead through intact to a slow reader', async () => {
    const reply = 'abcdefghij'.repeat(30_000); // 300 KB: undici is paused and resumed on the way
    mock.behave({ reply });
    const res = await sendHttpRequest(dispatcher, call());
    const parts: Uint8Array[] = [];
    for await (const chunk of res.chunks()) {
      parts.push(chunk);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(JSON.parse(Buffer.concat(parts).toString('utf8')).choices[0].message.content).toBe(reply);
    await (await sendHttpRequest(dispatcher, call())).text();
    expect(mock.connectionCount()).toBe(1);
  });

  it('reads single headers case-insensitively and lists repeated ones', async () => {
    mock.behave({ headers: { 'X-Upstream': ['first', 'second'] as unknown as string } });
    const res = await sendHttpRequest(dispatcher, call());
    expect(res.header('Content-Type')).toBe('application/json');
    expect(res.header('x-upstream')).toBe('first');
    expect(res.header('x-missing')).toBeUndefined();
    expect(res.header('constructor')).toBeUndefined(); // a name that is also an Object method is still missing
    expect(res.headers['x-upstream']).toEqual(['first', 'second']);
    expect(res.headers['x-request-id']).toBe('req_mock_0');
    await res.text();
  });

  it('a request cancelled while queued for a busy connection is never sent', async () => {
    // A pool capped at one connection, so the second request waits in undici's queue.
    const single = new Agent({ connections: 1 });
    try {
      mock.behave([{ headersDelayMs: 300 }, {}]);
      const first = sendHttpRequest(single, call());
      const controller = new AbortController();
      const second = sendHttpRequest(single, call({ signal: controller.signal }));
      setTimeout(() => controller.abort(), 30);
      const started = performance.now();
      expect((await failure(second)).code).toBe('CANCELLED');
      expect(performance.now() - started).toBeLessThan(250); // settled at the cancel, not when the socket freed up
      await (await first).text();
      // The freed socket must not carry the cancelled request.
      await (await sendHttpRequest(single, call())).text();
      expect(mock.requests).toHaveLength(2);
    } finally {
      await single.destroy();
    }
  });

  it('rejects a URL it cannot send to as INVALID_REQUEST, before any I/O', async () => {
    const error = await failure(sendHttpRequest(dispatcher, call({ url: 'ftp://127.0.0.1/x' })));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
    expect((await failure(sendHttpRequest(dispatcher, call({ url: 'not a url' })))).code).toBe('INVALID_REQUEST');
    expect(mock.requests).toHaveLength(0);
  });

  it('maps a refused connection to NETWORK_ERROR', async () => {
    const url = mock.url;
    await mock.close();
    const error = await failure(sendHttpRequest(dispatcher, call({ url: `${url}/chat/completions` })));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true, details: { cause: 'ECONNREFUSED' } });
    mock = await startOpenAIMock();
  });
});

describe('mapTransportError', () => {
  const url = 'http://127.0.0.1:1/x';
  const coded = (code: string, cause = false) => {
    const inner = Object.assign(new Error(`failed: ${code}`), { code });
    return cause ? new Error('fetch failed', { cause: inner }) : inner;
  };

  it('maps undici and socket codes, looking through causes', () => {
    expect(mapTransportError(coded('UND_ERR_CONNECT_TIMEOUT'), url)).toMatchObject({ code: 'TIMEOUT', details: { timeout: 'connect' } });
    expect(mapTransportError(coded('UND_ERR_HEADERS_TIMEOUT'), url)).toMatchObject({ code: 'TIMEOUT', details: { timeout: 'first_byte' } });
    expect(mapTransportError(coded('UND_ERR_BODY_TIMEOUT'), url)).toMatchObject({ code: 'TIMEOUT', details: { timeout: 'overall' } });
    expect(mapTransportError(coded('ECONNRESET', true), url)).toMatchObject({ code: 'NETWORK_ERROR', retryable: true, details: { cause: 'ECONNRESET' } });
    expect(mapTransportError(coded('UND_ERR_SOCKET'), url)).toMatchObject({ code: 'NETWORK_ERROR', details: { cause: 'UND_ERR_SOCKET' } });
    expect(mapTransportError(coded('UND_ERR_INVALID_ARG'), url)).toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
    expect(mapTransportError('weird', url)).toMatchObject({ code: 'NETWORK_ERROR', details: { unclassified: true } });
    const original = new SwitchyardError('CANCELLED', 'x');
    expect(mapTransportError(original, url)).toBe(original);
  });
});
