import { API_METHOD_NAMES, IPC_CHANNELS, type Envelope } from '../../shared/api-transport';
import { serializeError, SwitchyardError, type SerializedError } from '../../shared/errors';
import type { ApiCore } from '../api/api-core';
import type { ApiEventMessage } from '../api/event-bus';
import { EventQueue } from '../api/event-queue';
import { pumpChatStream, refusedStream } from '../api/stream-pump';
import { nullLogger, type Logger } from '../logging/logger';
import type { IpcMainEventLike, IpcMainLike, IpcSenderInfo, MessagePortMainLike, SenderCheck } from './ipc-types';

export interface ApiIpcOptions {
  ipcMain: IpcMainLike;
  core: ApiCore;
  isTrustedSender: SenderCheck;
  /** Sends one pushed event to the page (webContents.send on the event channel). */
  sendEvent: (event: ApiEventMessage) => void;
  logger?: Logger;
}

export interface ApiIpcHandle {
  /** Call when the page starts loading again: events wait for the new page's ready signal. */
  pageReloading(): void;
  dispose(): void;
}

const UNTRUSTED: SerializedError = { code: 'UNAUTHORIZED', message: 'IPC message from an unknown sender was rejected', retryable: false };

/**
 * The API over Electron IPC, registered in one place: one `handle` per method (channel names derived from
 * API_METHOD_NAMES), each checking the sender and answering `{result}` or `{error}` (never throwing across
 * IPC, which would lose the error code); chat streams on a MessagePort per request; events queued until
 * the page is ready.
 */
export function registerApiIpc(options: ApiIpcOptions): ApiIpcHandle {
  const { ipcMain, core, isTrustedSender } = options;
  const logger = options.logger ?? nullLogger;
  const trusted = (event: IpcSenderInfo, channel: string): boolean => {
    const ok = safeCheck(isTrustedSender, event);
    if (!ok) logger.log('warn', 'ipc.untrusted_sender', { channel, url: event.senderFrame?.url ?? null });
    return ok;
  };

  for (const method of API_METHOD_NAMES) {
    const channel = IPC_CHANNELS.method(method);
    ipcMain.handle(channel, async (event, ...args): Promise<Envelope> => {
      if (!trusted(event, channel)) return { error: UNTRUSTED };
      if (args.length > 1) {
        return { error: serializeError(new SwitchyardError('VALIDATION_FAILED', `${method} takes one argument`, { details: { field: '' } })) };
      }
      try {
        return { result: await core.invoke(method, args[0]) };
      } catch (error) {
        return { error: serializeError(error) };
      }
    });
  }

  const onStream = (event: IpcMainEventLike, args: unknown): void => {
    const port = event.ports[0];
    if (!port) return;
    if (!trusted(event, IPC_CHANNELS.chatStream)) {
      endWithError(port, UNTRUSTED);
      return;
    }
    serveStream(core, port, args, logger);
  };
  ipcMain.on(IPC_CHANNELS.chatStream, onStream);

  const queue = new EventQueue(options.sendEvent);
  const unsubscribe = core.subscribe(queue.push);
  const onReady = (event: IpcMainEventLike): void => {
    if (trusted(event, IPC_CHANNELS.ready)) queue.ready();
  };
  ipcMain.on(IPC_CHANNELS.ready, onReady);

  return {
    pageReloading: () => queue.reset(),
    dispose: () => {
      for (const method of API_METHOD_NAMES) ipcMain.removeHandler(IPC_CHANNELS.method(method));
      ipcMain.removeListener(IPC_CHANNELS.chatStream, onStream);
      ipcMain.removeListener(IPC_CHANNELS.ready, onReady);
      unsubscribe();
    },
  };
}

/** Runs one chat stream on its port. The page cancels by posting `{type:'cancel'}` or closing the port. */
function serveStream(core: ApiCore, port: MessagePortMainLike, args: unknown, logger: Logger): void {
  const controller = new AbortController();
  port.on('message', (messageEvent) => {
    if ((messageEvent.data as { type?: unknown } | null)?.type === 'cancel') controller.abort();
  });
  port.on('close', () => controller.abort());
  port.start();
  const send = (message: unknown): void => {
    try {
      port.postMessage(message);
    } catch (error) {
      logger.log('warn', 'ipc.stream_post_failed', { error: String(error) });
      controller.abort();
    }
  };
  void pumpChatStream(core, args, controller.signal, send).finally(() => port.close());
}

function endWithError(port: MessagePortMainLike, error: SerializedError): void {
  port.start();
  for (const message of refusedStream(error)) port.postMessage(message);
  port.close();
}

function safeCheck(check: SenderCheck, event: IpcSenderInfo): boolean {
  try {
    return check(event) === true;
  } catch {
    return false;
  }
}
