import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { WebSocket } from 'ws';
import type { SwitchyardBridge } from '../../src/shared/api';
import { IPC_CHANNELS } from '../../src/shared/api-transport';
import { createElectronBridge, type IpcRendererLike, type RendererPortLike } from '../../src/preload/create-electron-bridge';
import { createBrowserBridge, type WebSocketLike } from '../../src/client/browser-bridge';
import { wrapElectronBridge } from '../../src/client/context-bridge';
import type { IpcMainEventLike, IpcMainLike, IpcSenderInfo, MessagePortMainLike } from '../../src/main/ipc/ipc-types';
import { registerApiIpc } from '../../src/main/ipc/register-api-ipc';
import { startBrowserServer, type BrowserServer } from '../../src/main/server/browser-server';
import type { ApiCore } from '../../src/main/api/api-core';

/**
 * The two transports, wired the way they run for real, for the contract suite:
 * - IPC: registerApiIpc on a fake ipcMain, the preload's bridge on a fake ipcRenderer, joined by
 *   structured clones (what Electron does) and real MessageChannels for streams;
 * - browser: the real HTTP + WebSocket server on 127.0.0.1 and the renderer's browser client.
 */
export interface TransportUnderTest {
  bridge: SwitchyardBridge;
  close(): Promise<void>;
}

type Handler = (event: IpcSenderInfo, ...args: unknown[]) => unknown;
type Listener = (event: IpcMainEventLike, ...args: unknown[]) => void;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Map<string, Set<Listener>>();

  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: Listener): this {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
}

/** Wraps a worker_threads port in MessagePortMain's shape (`on('message', e => e.data)`, `on('close')`). */
export function asMessagePortMain(port: MessagePort): MessagePortMainLike {
  return {
    postMessage: (message) => port.postMessage(message),
    start: () => port.start(),
    close: () => port.close(),
    on: ((event: 'message' | 'close', listener: (arg?: { data: unknown }) => void) => {
      if (event === 'message') port.on('message', (data: unknown) => listener({ data }));
      else port.on('close', () => listener());
    }) as MessagePortMainLike['on'],
  };
}

export class FakeIpcRenderer implements IpcRendererLike {
  private readonly rendererListeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();

  constructor(
    private readonly main: FakeIpcMain,
    readonly sender: IpcSenderInfo,
  ) {}

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.main.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    return structuredClone(await handler(this.sender, ...structuredClone(args)));
  }
  send(channel: string, ...args: unknown[]): void {
    for (const listener of this.main.listeners.get(channel) ?? []) listener({ ...this.sender, ports: [] }, ...structuredClone(args));
  }
  postMessage(channel: string, message: unknown, transfer: unknown[] = []): void {
    const ports = (transfer as MessagePort[]).map(asMessagePortMain);
    for (const listener of this.main.listeners.get(channel) ?? []) listener({ ...this.sender, ports }, structuredClone(message));
  }
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    let set = this.rendererListeners.get(channel);
    if (!set) this.rendererListeners.set(channel, (set = new Set()));
    set.add(listener);
    return this;
  }
  /** Main → renderer (webContents.send). */
  deliver(channel: string, ...args: unknown[]): void {
    for (const listener of this.rendererListeners.get(channel) ?? []) listener({}, ...structuredClone(args));
  }
}

export const OUR_WEB_CONTENTS = { id: 1 };
export const OUR_SENDER: IpcSenderInfo = { sender: OUR_WEB_CONTENTS, senderFrame: { url: 'file:///app/out/renderer/index.html' } };

export function ipcTransport(core: ApiCore, options: { sender?: IpcSenderInfo } = {}): TransportUnderTest & {
  ipcMain: FakeIpcMain;
  ipcRenderer: FakeIpcRenderer;
  pageReloading(): void;
} {
  const ipcMain = new FakeIpcMain();
  const ipcRenderer = new FakeIpcRenderer(ipcMain, options.sender ?? OUR_SENDER);
  const handle = registerApiIpc({
    ipcMain,
    core,
    isTrustedSender: (event) => event.sender === OUR_WEB_CONTENTS && (event.senderFrame?.url.startsWith('file:///app/out/renderer/') ?? false),
    sendEvent: (event) => ipcRenderer.deliver(IPC_CHANNELS.event, event.name, event.payload),
  });
  const raw = createElectronBridge({
    ipcRenderer,
    createChannel: () => new MessageChannel() as unknown as { port1: RendererPortLike; port2: unknown },
    encodeErrors: true,
  });
  return {
    bridge: wrapElectronBridge(raw),
    ipcMain,
    ipcRenderer,
    pageReloading: () => handle.pageReloading(),
    close: async () => handle.dispose(),
  };
}

export async function browserTransport(core: ApiCore, staticDir: string): Promise<TransportUnderTest & { server: BrowserServer; token: string }> {
  const token = 'test-token-0123456789';
  const server = await startBrowserServer({ core, token, staticDir });
  const bridge = createBrowserBridge({
    baseUrl: `http://127.0.0.1:${server.port}`,
    token,
    fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, origin: `http://127.0.0.1:${server.port}` } }),
    WebSocket: class extends WebSocket {
      constructor(url: string) {
        super(url, { origin: `http://127.0.0.1:${new URL(url).port}` });
      }
    } as unknown as new (url: string) => WebSocketLike,
    reconnectDelayMs: 50,
  });
  return {
    bridge,
    server,
    token,
    close: async () => {
      bridge.dispose();
      await server.close();
    },
  };
}
