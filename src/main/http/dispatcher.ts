import { Agent, type Dispatcher } from 'undici';

/** Defaults from the original design: 10 connections per origin, 90 s idle before a pooled socket closes. */
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 10;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 90_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface DispatcherOptions {
  connectionsPerOrigin?: number;
  keepAliveTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * One keep-alive pool per router: sequential requests to a provider reuse one socket, and closing the
 * router closes its sockets without touching anyone else's (which the global dispatcher would).
 */
export function createRouterDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const keepAlive = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
  return new Agent({
    connections: options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    keepAliveTimeout: keepAlive,
    // A server's Keep-Alive hint may shorten the idle time, never stretch it past ours.
    keepAliveMaxTimeout: keepAlive,
    connect: { timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
    // Our own timers enforce first-byte and overall timeouts (see http-request.ts).
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}
