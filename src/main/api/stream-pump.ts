import type { StreamMessage } from '../../shared/api-transport';
import { serializeError, type SerializedError } from '../../shared/errors';
import type { ApiCore } from './api-core';

/**
 * Runs one chat stream for a transport: each part as a `part` message, then one `end`, and nothing once
 * `signal` aborts (the page cancelled or went away). Both transports (IPC ports, the WebSocket) pump
 * through here, so a stream ends the same way whichever carries it.
 */
export async function pumpChatStream(core: ApiCore, args: unknown, signal: AbortSignal, send: (message: StreamMessage) => void): Promise<void> {
  const post = (message: StreamMessage): void => {
    if (!signal.aborted) send(message);
  };
  try {
    await core.streamChat(args, (part, meta) => post({ type: 'part', part, meta }), signal);
  } catch (error) {
    post({ type: 'part', part: { type: 'error', error: serializeError(error) }, meta: {} });
  } finally {
    post({ type: 'end' });
  }
}

/** The messages of a stream refused before it started: its error, then its end. */
export function refusedStream(error: SerializedError): StreamMessage[] {
  return [{ type: 'part', part: { type: 'error', error }, meta: {} }, { type: 'end' }];
}
