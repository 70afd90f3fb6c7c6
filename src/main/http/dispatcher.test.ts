import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request, type Dispatcher } from 'undici';
import { gate } from '../../../test/mocks/mock-http.mjs';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { until } from '../../../test/support/until';
import { SwitchyardError } from '../../shared/errors';
import { createRouterDispatcher, type DispatcherOptions } from './dispatcher';
import { sendHttpRequest, type HttpResponse } from './http-request';

let mock: OpenAIMock;
let dispatcher: Dispatcher | undefined;
let release: () => void;

beforeEach(async () => {
  mock = await startOpenAIMock();
  // Every stream sends its headers and first chunk, then waits here until the test lets it finish.
  const hold = gate();
  release = hold.release;
  mock.behave({ reply: 'one two three', holdAfterChunks: 1, release: hold.released });
});
afterEach(async () => {
  release();
  await dispatcher?.destroy();
  dispatcher = undefined;
  await mock.close();
});

function pool(options: DispatcherOptions = {}): Dispatcher {
  return (dispatcher = createRouterDispatcher(options));
}

const streamCall = () => ({
  url: `${mock.url}/chat/completions`,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] }),
  firstByteTimeoutMs: 0,
  overallTimeoutMs: 0,
});

/** Opens `count` streams and waits until each has its first chunk: all of them in flight at once. */
async function openStreams(d: Dispatcher, count: number): Promise<HttpResponse[]> {
  const responses = await Promise.all(Array.from({ length: count }, () => sendHttpRequest(d, streamCall())));
  await Promise.all(responses.map((r) => r.read()));
  return responses;
}

async function drain(responses: HttpResponse[]): Promise<void> {
  await Promise.all(responses.map((r) => r.text()));
}

describe('router connection pool', () => {
  it('gives every concurrent stream its own connection at once, well past the idle count', async () => {
    const d = pool({ idleConnectionsPerOrigin: 10 });
    const streams = await openStreams(d, 40);
    expect(mock.requests).toHaveLength(40);
    expect(mock.openConnectionCount()).toBe(40);
    release();
    await drain(streams);
  });

  it('keeps only the idle count of sockets open after a burst, and reuses them', async () => {
    const d = pool({ idleConnectionsPerOrigin: 3, burstKeepAliveTimeoutMs: 100 });
    release();
    await drain(await openStreams(d, 12));
    expect(mock.connectionCount()).toBe(12);
    await until(() => mock.openConnectionCount() === 3);
    for (let i = 0; i < 3; i++) await (await sendHttpRequest(d, streamCall())).text();
    expect(mock.connectionCount()).toBe(12);
    expect(mock.openConnectionCount()).toBe(3);
  });

  it('refuses a request past the ceiling at once, naming it, and frees the place when a request ends however it ends', async () => {
    const d = pool({ maxConnectionsPerOrigin: 4 });
    const held = await openStreams(d, 4);
    let refused: unknown;
    await sendHttpRequest(d, streamCall()).catch((error: unknown) => (refused = error));
    expect(refused).toBeInstanceOf(SwitchyardError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryable: true, details: { ceiling: 4, local: true, origin: mock.origin } });
    expect((refused as Error).message).toContain('routing.connections.max_per_origin');
    expect(mock.requests).toHaveLength(4);

    // One ends normally, one is abandoned mid-body, one fails at the server: three places free again.
    release();
    await held[0]!.text();
    held[1]!.close();
    mock.behave([{ status: 500 }]);
    expect((await sendHttpRequest(d, streamCall())).status).toBe(500);
    await drain(held.slice(2));
    mock.behave({ reply: 'again' });
    const four = await Promise.all(Array.from({ length: 4 }, () => sendHttpRequest(d, streamCall())));
    await drain(four);
  });

  it('counts handlers written for either of undici’s handler interfaces', async () => {
    const d = pool({ maxConnectionsPerOrigin: 1 });
    release();
    const url = new URL(`${mock.url}/chat/completions`);
    for (let i = 0; i < 2; i++) {
      const body = await new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        d.dispatch(
          { origin: url.origin, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' }, body: streamCall().body },
          {
            onRequestStart: () => undefined,
            onResponseStart: () => undefined,
            onResponseData: (_controller, chunk) => void chunks.push(chunk),
            onResponseEnd: () => resolve(Buffer.concat(chunks).toString('utf8')),
            onResponseError: (_controller, error) => reject(error),
          },
        );
      });
      expect(body).toContain('data: [DONE]');
      // undici's own request() still hands the dispatcher a handler of the older callback kind.
      const viaRequest = await request(url, { dispatcher: d, method: 'POST', headers: { 'content-type': 'application/json' }, body: streamCall().body });
      expect(await viaRequest.body.text()).toContain('data: [DONE]');
    }
  });
});
