import type { ApiEventName, ApiEvents, ChatInput, StreamHandle, SwitchyardBridge } from '../shared/api';
import { IPC_CHANNELS, type StreamControl, type StreamMessage } from '../shared/api-transport';
import { buildApiMethods, createStreamController, EventHandlers, unwrapEnvelope, type PartHandler } from '../client/bridge-builder';
import { encodeErrorForContextBridge } from '../client/context-bridge';
import { SwitchyardError } from '../shared/errors';

/**
 * The Electron bridge: `window.switchyard` as named methods over IPC. No logic beyond mapping; no raw
 * ipcRenderer or channel string reaches the page. Electron objects are injected so this runs in tests.
 */

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  postMessage(channel: string, message: unknown, transfer?: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The page-side end of a MessageChannel (the DOM MessagePort). */
export interface RendererPortLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export interface ElectronBridgeOptions {
  ipcRenderer: IpcRendererLike;
  /** `() => new MessageChannel()`: port1 stays here, port2 is transferred to main. */
  createChannel: () => { port1: RendererPortLike; port2: unknown };
  /** Under contextBridge errors lose their code unless encoded (see encodeErrorForContextBridge). */
  encodeErrors?: boolean;
  /** Defers the ready signal so a burst of `on` calls all attach before queued events arrive. */
  defer?: (fn: () => void) => void;
}

export function createElectronBridge(options: ElectronBridgeOptions): SwitchyardBridge {
  const { ipcRenderer } = options;
  const defer = options.defer ?? ((fn) => setTimeout(fn, 0));
  const handlers = new EventHandlers();
  let readySent = false;

  ipcRenderer.on(IPC_CHANNELS.event, (_event, name, payload) => handlers.dispatch(name, payload));

  const api = buildApiMethods(async (method, args) => {
    const envelope = await ipcRenderer.invoke(IPC_CHANNELS.method(method), args);
    try {
      return unwrapEnvelope(envelope);
    } catch (error) {
      throw options.encodeErrors && error instanceof SwitchyardError ? encodeErrorForContextBridge(error) : error;
    }
  });

  const streamChat = (input: ChatInput, onPart: PartHandler): StreamHandle => {
    const { port1, port2 } = options.createChannel();
    const controller = createStreamController(onPart, () => {
      try {
        port1.postMessage({ type: 'cancel' } satisfies StreamControl);
      } finally {
        port1.close();
      }
    });
    port1.onmessage = (event) => {
      const message = event.data as StreamMessage;
      controller.receive(message);
      if (message.type === 'end' || controller.ended) port1.close();
    };
    port1.start();
    ipcRenderer.postMessage(IPC_CHANNELS.chatStream, input, [port2]);
    return controller.handle;
  };

  const on = <E extends ApiEventName>(event: E, handler: (payload: ApiEvents[E]) => void): (() => void) => {
    const off = handlers.on(event, handler);
    if (!readySent) {
      readySent = true;
      defer(() => ipcRenderer.send(IPC_CHANNELS.ready));
    }
    return off;
  };

  return { ...api, streamChat, on, transport: 'electron' };
}
