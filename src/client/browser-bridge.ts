import type { ApiEventName, ApiEvents, ChatInput, StreamHandle, SwitchyardBridge } from '../shared/api';
import { MAX_REQUEST_BYTES, TOKEN_HEADER, type WsClientMessage, type WsServerMessage } from '../shared/api-transport';
import { SwitchyardError } from '../shared/errors';
import {
  buildApiMethods,
  createStreamController,
  EventHandlers,
  unwrapEnvelope,
  type PartHandler,
  type StreamController,
} from './bridge-builder';

/**
 * Browser mode's bridge: the same SwitchyardBridge over `POST /api/<method>` and one WebSocket (events and
 * chat streams). The socket opens on first need and reconnects after a drop; streams that were running
 * when it dropped end with NETWORK_ERROR.
 */

export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface BrowserBridgeOptions {
  /** `http://127.0.0.1:PORT` (the page's own origin). */
  baseUrl: string;
  token: string;
  fetch?: (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; text(): Promise<string> }>;
  WebSocket?: new (url: string) => WebSocketLike;
  /** Delay before reconnecting the socket after a drop. */
  reconnectDelayMs?: number;
}

const OPEN = 1;

export interface BrowserBridge extends SwitchyardBridge {
  /** Closes the socket for good (tests, page unload). */
  dispose(): void;
}

export function createBrowserBridge(options: BrowserBridgeOptions): BrowserBridge {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  // Read through globalThis: this file is also type-checked without DOM typings (Node tests).
  const Socket = options.WebSocket ?? (globalThis as unknown as { WebSocket: new (url: string) => WebSocketLike }).WebSocket;
  const handlers = new EventHandlers();
  const streams = new Map<string, StreamController>();
  let socket: WebSocketLike | undefined;
  let outbox: WsClientMessage[] = [];
  let disposed = false;
  let wantEvents = false;
  let streamCounter = 0;
  let failedConnects = 0;

  const api = buildApiMethods(async (method, args) => {
    let response;
    try {
      response = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: options.token },
        body: JSON.stringify(args ?? null),
      });
    } catch (error) {
      throw new SwitchyardError('NETWORK_ERROR', `cannot reach switchyard serve: ${error instanceof Error ? error.message : String(error)}`, {
        retryable: true,
      });
    }
    const text = await response.text();
    let envelope: unknown;
    try {
      envelope = JSON.parse(text);
    } catch {
      throw new SwitchyardError(response.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL', `unexpected reply (${response.status}) from switchyard serve`);
    }
    return unwrapEnvelope(envelope);
  });

  const send = (message: WsClientMessage): void => {
    const ws = ensureSocket();
    if (ws.readyState === OPEN) ws.send(JSON.stringify(message));
    else outbox.push(message);
  };

  function ensureSocket(): WebSocketLike {
    if (socket && !disposed) return socket;
    const wsUrl = `${base.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(options.token)}`;
    const ws = new Socket(wsUrl);
    socket = ws;
    ws.onopen = () => {
      failedConnects = 0;
      const pending = outbox;
      outbox = [];
      if (wantEvents && !pending.some((m) => m.type === 'ready')) pending.unshift({ type: 'ready' });
      for (const message of pending) ws.send(JSON.stringify(message));
    };
    ws.onmessage = (event) => {
      let message: WsServerMessage;
      try {
        message = JSON.parse(String(event.data)) as WsServerMessage;
      } catch {
        return;
      }
      if (message.type === 'event') {
        handlers.dispatch(message.name, message.payload);
        return;
      }
      const stream = streams.get(message.id);
      if (!stream) return;
      stream.receive(message);
      if (stream.ended) streams.delete(message.id);
    };
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket === ws) socket = undefined;
      for (const [id, stream] of streams) {
        stream.fail({ code: 'NETWORK_ERROR', message: 'the connection to switchyard serve was lost', retryable: true });
        streams.delete(id);
      }
      outbox = outbox.filter((m) => m.type !== 'stream.cancel');
      // Events are a subscription: come back for them. Streams are not retried (they may have side effects).
      if (!disposed && wantEvents) {
        // Back off while the server stays away (stopped, or the token is no longer valid).
        const delay = Math.min((options.reconnectDelayMs ?? 1000) * 2 ** failedConnects, 30_000);
        failedConnects++;
        setTimeout(() => !disposed && !socket && ensureSocket(), delay);
      }
    };
    return ws;
  }

  const streamChat = (input: ChatInput, onPart: PartHandler): StreamHandle => {
    const id = `s${Date.now().toString(36)}${(streamCounter++).toString(36)}`;
    const controller = createStreamController(onPart, () => {
      streams.delete(id);
      send({ type: 'stream.cancel', id });
    });
    const message: WsClientMessage = { type: 'stream.start', id, input };
    // An oversized message would make the server drop the whole socket; refuse it here instead.
    if (new TextEncoder().encode(JSON.stringify(message)).length > MAX_REQUEST_BYTES) {
      controller.fail({ code: 'VALIDATION_FAILED', message: `the request is larger than ${MAX_REQUEST_BYTES} bytes`, retryable: false, details: { field: '' } });
      return controller.handle;
    }
    streams.set(id, controller);
    send(message);
    return controller.handle;
  };

  const on = <E extends ApiEventName>(event: E, handler: (payload: ApiEvents[E]) => void): (() => void) => {
    const off = handlers.on(event, handler);
    if (!wantEvents) {
      wantEvents = true;
      // after the current burst of subscriptions, so queued events reach all of them
      setTimeout(() => send({ type: 'ready' }), 0);
    }
    return off;
  };

  return {
    ...api,
    streamChat,
    on,
    transport: 'browser',
    dispose: () => {
      disposed = true;
      socket?.close();
      socket = undefined;
    },
  };
}

/**
 * The token arrives in the page URL (`?token=...`). It is moved to sessionStorage (survives reloads of this
 * tab, not shared with other sites) and removed from the address bar and history.
 */
export function takeSessionToken(
  location: { href: string },
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void },
  history: { replaceState(data: unknown, unused: string, url?: string): void },
): string | undefined {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
}

export const TOKEN_STORAGE_KEY = 'switchyard.token';
