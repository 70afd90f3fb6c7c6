import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { until } from '../../../test/support/until';
import type { WsClientMessage } from '../../shared/api-transport';
import { createBrowserBridge, type BrowserBridge, type WebSocketLike } from '../../client/browser-bridge';
import type { StreamPart } from '../../shared/chat';

/** A scripted WebSocket server speaking the browser-mode protocol, to drive the client through drops. */
async function scriptedServer(onConnection: (socket: WebSocket, index: number, received: WsClientMessage[]) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  let count = 0;
  wss.on('connection', (socket) => {
    const received: WsClientMessage[] = [];
    socket.on('message', (data) => received.push(JSON.parse((data as Buffer).toString()) as WsClientMessage));
    onConnection(socket, count++, received);
  });
  return {
    port: (wss.address() as AddressInfo).port,
    connections: () => count,
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

describe('browser-mode client', () => {
  let bridge: BrowserBridge | undefined;
  afterEach(() => bridge?.dispose());

  const connect = (port: number) =>
    createBrowserBridge({
      baseUrl: `http://127.0.0.1:${port}`,
      token: 't',
      WebSocket: WebSocket as unknown as new (url: string) => WebSocketLike,
      reconnectDelayMs: 20,
    });

  it('reconnects after a drop and says ready again, so events keep coming', async () => {
    const server = await scriptedServer((socket, index, received) => {
      if (index === 0) {
        setTimeout(() => socket.terminate(), 30);
        return;
      }
      const timer = setInterval(() => {
        if (received.some((m) => m.type === 'ready')) {
          clearInterval(timer);
          socket.send(JSON.stringify({ type: 'event', name: 'history.changed', payload: { conversationId: 'c1' } }));
        }
      }, 5);
    });
    bridge = connect(server.port);
    const got: unknown[] = [];
    bridge.on('history.changed', (p) => got.push(p));
    await until(() => got.length === 1);
    expect(server.connections()).toBe(2);
    expect(got).toEqual([{ conversationId: 'c1' }]);
    bridge.dispose();
    await server.close();
  });

  it('ends a running stream with NETWORK_ERROR when the connection drops, exactly once', async () => {
    const server = await scriptedServer((socket, _index, received) => {
      const timer = setInterval(() => {
        const start = received.find((m) => m.type === 'stream.start');
        if (!start || start.type !== 'stream.start') return;
        clearInterval(timer);
        socket.send(JSON.stringify({ id: start.id, type: 'part', part: { type: 'text-delta', text: 'par' }, meta: {} }));
        setTimeout(() => socket.terminate(), 20);
      }, 5);
    });
    bridge = connect(server.port);
    const parts: StreamPart[] = [];
    const handle = bridge.streamChat({ request: { messages: [{ role: 'user', content: 'x' }] } }, (p) => parts.push(p));
    await handle.done;
    handle.cancel(); // after the end: no second terminal part
    expect(parts).toEqual([
      { type: 'text-delta', text: 'par' },
      { type: 'error', error: { code: 'NETWORK_ERROR', message: 'the connection to switchyard serve was lost', retryable: true } },
    ]);
    bridge.dispose();
    await server.close();
  });

  it('reports an unreachable server as a retryable NETWORK_ERROR', async () => {
    bridge = createBrowserBridge({ baseUrl: 'http://127.0.0.1:9', token: 't', fetch: () => Promise.reject(new TypeError('fetch failed')) });
    await expect(bridge.router.state()).rejects.toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
  });
});
