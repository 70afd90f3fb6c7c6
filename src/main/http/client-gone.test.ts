import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { until } from '../../../test/support/until';
import { connectionClosed } from './client-gone';
import { createRouterDispatcher } from './dispatcher';
import { sendHttpRequest } from './http-request';

/**
 * A loopback server that forwards each request upstream with its connection's signal, as the endpoint does:
 * the signal is shared along a keep-alive connection, so each request must leave nothing on it, and the
 * connection closing mid-request must still cancel the upstream request.
 */

let mock: OpenAIMock;
let server: Server;
let client: Agent;
let upstreamPool: Dispatcher;
const signals: AbortSignal[] = [];

beforeEach(async () => {
  mock = await startOpenAIMock();
  upstreamPool = createRouterDispatcher();
  signals.length = 0;
  server = createServer((req, res) => {
    const signal = connectionClosed(req.socket);
    signals.push(signal);
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hello' }] });
    sendHttpRequest(upstreamPool, { url: `${mock.url}/chat/completions`, headers: { 'content-type': 'application/json' }, body, firstByteTimeoutMs: 60_000, overallTimeoutMs: 60_000, signal })
      .then((upstream) => upstream.wholeText())
      .then((text) => res.end(text), () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new Agent({ connections: 1 });
});
afterEach(async () => {
  await client.close();
  await upstreamPool.destroy();
  await new Promise((resolve) => server.close(resolve));
  await mock.close();
});

const url = (): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

it('one signal per keep-alive connection, left with no listener after each request, aborted when the caller leaves mid-request', async () => {
  for (let i = 0; i < 3; i++) {
    const reply = await request(url(), { method: 'POST', body: '{}', dispatcher: client });
    expect(JSON.parse(await reply.body.text())).toMatchObject({ object: 'chat.completion' });
  }
  expect(signals).toHaveLength(3);
  expect(new Set(signals).size).toBe(1);
  expect(signals[0]!.aborted).toBe(false);
  expect(getEventListeners(signals[0]!, 'abort')).toHaveLength(0);

  mock.behave({ hang: true });
  const controller = new AbortController();
  const held = request(url(), { method: 'POST', body: '{}', dispatcher: client, signal: controller.signal }).catch((e: unknown) => e);
  await until(() => mock.requests.length === 4);
  expect(signals[3]).toBe(signals[0]);
  controller.abort();
  await held;
  expect(await mock.requests[3]!.ended).toBe('aborted');
  expect(signals[0]!.aborted).toBe(true);
});
