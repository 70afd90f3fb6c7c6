import type { Dispatcher } from 'undici';
import type { ChatRequest, ChatResponse, RoutingMode, StreamPart } from '../../shared/chat';
import type { Logger } from '../logging/logger';
import type { Clock } from '../timing/clock';
import type { ProviderCooldowns } from './provider-cooldowns';

export interface RouteOptions {
  signal?: AbortSignal;
}

/**
 * The router: one request in, one response (or a stream of typed parts) out.
 * `route` rejects with a SwitchyardError; `stream` never throws once iterated — a failure is
 * yielded as a final `error` part.
 */
export interface Router {
  readonly mode: RoutingMode;
  route(request: ChatRequest, options?: RouteOptions): Promise<ChatResponse>;
  stream(request: ChatRequest, options?: RouteOptions): AsyncIterable<StreamPart>;
  close(): Promise<void>;
}

/** Everything a router does I/O or timing through; tests pass loopback servers or fakes here. */
export interface RouterDeps {
  /** HTTP dispatcher. Defaults to one keep-alive undici Agent per router. */
  dispatcher?: Dispatcher;
  clock?: Clock;
  logger?: Logger;
  /** Random source for backoff jitter, in [0, 1). */
  random?: () => number;
  /** Which providers are cooling down; share one between routers to keep it across mode switches. */
  cooldowns?: ProviderCooldowns;
}
