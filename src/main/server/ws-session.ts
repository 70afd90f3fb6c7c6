import type { WebSocket } from 'ws';
import type { WsClientMessage, WsServerMessage } from '../../shared/api-transport';
import type { SerializedError } from '../../shared/errors';
import type { ApiCore } from '../api/api-core';
import type { ApiEventMessage } from '../api/event-bus';
import { EventQueue } from '../api/event-queue';
import { pumpChatStream, refusedStream } from '../api/stream-pump';
import { nullLogger, type Logger } from '../logging/logger';

/** A page that stops reading is cut off rather than buffered without limit. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const MAX_STREAMS_PER_SOCKET = 32;

/**
 * One browser tab's WebSocket: pushed events (held until the page says ready) and its chat streams, each
 * tagged with an id the page chose. Closing the socket cancels every stream it started.
 */
export function attachWsSession(socket: WebSocket, core: ApiCore, logger: Logger = nullLogger): void {
  const streams = new Map<string, AbortController>();
  const send = (message: WsServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      logger.log('warn', 'ws.slow_client_closed', { buffered: socket.bufferedAmount });
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(message));
  };
  const queue = new EventQueue((event: ApiEventMessage) => send({ type: 'event', ...event } as WsServerMessage));
  const unsubscribe = core.subscribe(queue.push);

  const startStream = (id: string, input: unknown): void => {
    if (streams.has(id) || streams.size >= MAX_STREAMS_PER_SOCKET) {
      const error: SerializedError = streams.has(id)
        ? { code: 'VALIDATION_FAILED', message: `stream id ${id} is already in use`, retryable: false }
        : {
            code: 'RATE_LIMITED',
            message: `Too many streams on this connection: ${MAX_STREAMS_PER_SOCKET} are running; wait for one to finish`,
            retryable: true,
            details: { limit: MAX_STREAMS_PER_SOCKET, scope: 'connection' },
          };
      for (const message of refusedStream(error)) send({ id, ...message });
      return;
    }
    const controller = new AbortController();
    streams.set(id, controller);
    void pumpChatStream(core, input, controller.signal, (message) => send({ id, ...message })).finally(() => streams.delete(id));
  };

  socket.on('message', (data, isBinary) => {
    let message: WsClientMessage;
    try {
      if (isBinary) throw new Error('binary');
      message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8')) as WsClientMessage;
    } catch {
      logger.log('warn', 'ws.bad_message', {});
      return;
    }
    if (message?.type === 'ready') queue.ready();
    else if (message?.type === 'stream.start' && validStreamId(message.id)) startStream(message.id, message.input);
    else if (message?.type === 'stream.cancel' && typeof message.id === 'string') streams.get(message.id)?.abort();
  });

  socket.on('close', () => {
    unsubscribe();
    for (const controller of streams.values()) controller.abort();
    streams.clear();
  });
  socket.on('error', (error) => logger.log('warn', 'ws.error', { error: error.message }));
}

function validStreamId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id);
}
