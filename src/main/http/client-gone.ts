import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Signals that a caller of one of our loopback servers went away, so the work done for it (an upstream
 * request) stops too. Only a closed connection says so: a request's own 'close' fires as soon as its body
 * has been read (Node 16+), long before the caller leaves.
 */

/**
 * A controller aborted when the connection closes before this response is written in full: for a caller
 * that also aborts it itself (a stream whose reader fell behind).
 */
export function abortWhenClientLeaves(res: ServerResponse): AbortController {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller;
}

const connectionSignals = new WeakMap<Socket, AbortSignal>();

/**
 * Aborted when the connection closes; shared by every request a keep-alive connection carries, made on its
 * first. On Node 20 an AbortSignal costs microseconds to make, and one per connection keeps that off the
 * endpoint's per-request path. A request can only learn of its caller leaving from its connection closing,
 * so a signal for the connection says no more and no less than one for the request (its listeners are
 * removed when each request ends: the HTTP exchange and the clock's sleep do).
 */
export function connectionClosed(socket: Socket): AbortSignal {
  let signal = connectionSignals.get(socket);
  if (signal === undefined) {
    const controller = new AbortController();
    signal = controller.signal;
    if (socket.destroyed) controller.abort();
    else socket.once('close', () => controller.abort());
    connectionSignals.set(socket, signal);
  }
  return signal;
}
