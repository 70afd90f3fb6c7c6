import type { ApiEventName, ApiEvents, ApiMethodName } from './api';
import type { StreamPart } from './chat';
import type { SerializedError } from './errors';

/**
 * What both transports (Electron IPC and browser mode) agree on at run time: the method and event names as
 * values (typed from SwitchyardApi / ApiEvents, so adding a method there without listing it here fails
 * to compile), the IPC channel names derived from them, and the envelopes that cross the wire.
 */

export const API_METHOD_NAMES = [
  'chat.send',
  'router.state',
  'router.setMode',
  'router.updateModeSettings',
  'router.listModels',
  'gateway.status',
  'gateway.start',
  'gateway.stop',
  'gateway.restart',
  'gateway.logs',
  'gateway.config',
  'gateway.inspect',
  'providers.test',
  'providers.models',
  'settings.get',
  'settings.validate',
  'settings.save',
  'secrets.status',
  'secrets.set',
  'secrets.clear',
  'history.list',
  'history.get',
  'history.rename',
  'history.pin',
  'history.search',
  'history.selectVersion',
  'history.delete',
  'history.export',
  'endpoint.status',
  'endpoint.setEnabled',
  'endpoint.revealKey',
  'endpoint.regenerateKey',
  'traffic.list',
  'traffic.get',
  'traffic.clear',
  'traffic.setPersist',
  'traffic.export',
  'app.errorLog',
  'app.openErrorLog',
] as const satisfies readonly ApiMethodName[];

export const API_EVENT_NAMES = [
  'router.state',
  'gateway.status',
  'gateway.event',
  'gateway.log',
  'gateway.stats',
  'gateway.pull',
  'history.changed',
  'traffic.entry',
  'traffic.cleared',
  'endpoint.status',
  'app.command',
] as const satisfies readonly ApiEventName[];

// Compile-time completeness checks: a name missing from the lists above is a type error here.
type MissingMethod = Exclude<ApiMethodName, (typeof API_METHOD_NAMES)[number]>;
type MissingEvent = Exclude<ApiEventName, (typeof API_EVENT_NAMES)[number]>;
export const allMethodsListed: [MissingMethod] extends [never] ? true : MissingMethod = true;
export const allEventsListed: [MissingEvent] extends [never] ? true : MissingEvent = true;

export function isApiMethodName(value: unknown): value is ApiMethodName {
  return typeof value === 'string' && (API_METHOD_NAMES as readonly string[]).includes(value);
}

export function isApiEventName(value: unknown): value is ApiEventName {
  return typeof value === 'string' && (API_EVENT_NAMES as readonly string[]).includes(value);
}

/** Electron IPC channels, all derived here so no other file spells a channel string. */
export const IPC_CHANNELS = {
  method: (name: ApiMethodName): string => `switchyard:call:${name}`,
  /** Renderer → main, with a MessagePort transferred: one chat stream per port. */
  chatStream: 'switchyard:stream:chat',
  /** Main → renderer pushed events. */
  event: 'switchyard:event',
  /** Renderer → main: handlers are attached, flush the queued events. */
  ready: 'switchyard:ready',
} as const;

/** Every method result crosses a boundary as one of these; nothing is thrown across it. */
export type Envelope<T = unknown> = { result: T } | { error: SerializedError };

export interface StreamMeta {
  conversationId?: string;
  messageId?: string;
}

/** Messages on a chat stream's MessagePort (Electron) or tagged with a stream id (WebSocket). */
export type StreamMessage =
  | { type: 'part'; part: StreamPart; meta: StreamMeta }
  /** The stream is over; nothing follows. */
  | { type: 'end' };

/** The renderer's side of a stream port may ask to stop (closing the port works too). */
export type StreamControl = { type: 'cancel' };

/** Browser mode: what the page sends on its WebSocket. */
export type WsClientMessage =
  | { type: 'ready' }
  | { type: 'stream.start'; id: string; input: unknown }
  | { type: 'stream.cancel'; id: string };

/** Browser mode: what the server sends on the WebSocket. */
export type WsServerMessage =
  | { [E in ApiEventName]: { type: 'event'; name: E; payload: ApiEvents[E] } }[ApiEventName]
  | ({ id: string } & StreamMessage);

/** Browser mode: the header carrying the session token on HTTP calls (the WebSocket uses a query parameter). */
export const TOKEN_HEADER = 'x-switchyard-token';
/**
 * Largest accepted API call (browser-mode HTTP body or WebSocket message, IPC arguments), in bytes. A chat
 * carries its whole conversation, images inline as base64, so this leaves room for a few attached images.
 */
export const MAX_REQUEST_BYTES = 24 * 1024 * 1024;
