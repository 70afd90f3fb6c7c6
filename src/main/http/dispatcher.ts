import { Agent, Client, Pool, type Dispatcher } from 'undici';
import { SwitchyardError } from '../../shared/errors';

/**
 * Named after Go's `MaxIdleConnsPerHost` and `IdleConnTimeout`: how many sockets per origin stay open
 * between requests, and for how long. Requests in flight are not capped by it.
 */
export const DEFAULT_IDLE_CONNECTIONS_PER_ORIGIN = 10;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 90_000;
/** Requests in flight to one origin before new ones are refused (each holds a connection of its own). */
export const DEFAULT_MAX_CONNECTIONS_PER_ORIGIN = 1024;
/** Connections opened for a burst, beyond the idle ones, close after this long unused (undici's own default). */
export const DEFAULT_BURST_KEEP_ALIVE_TIMEOUT_MS = 4_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface DispatcherOptions {
  idleConnectionsPerOrigin?: number;
  maxConnectionsPerOrigin?: number;
  keepAliveTimeoutMs?: number;
  burstKeepAliveTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * One pool per router: sequential requests to a provider reuse one socket, a burst of concurrent ones
 * each gets a connection at once (up to a ceiling per origin, past which a request fails fast with
 * RATE_LIMITED instead of queueing behind the others), and closing the router closes its sockets without
 * touching anyone else's (which the global dispatcher would).
 */
export function createRouterDispatcher(options: DispatcherOptions = {}): Dispatcher {
  return new RouterDispatcher(options);
}

class RouterDispatcher extends Agent {
  readonly #max: number;
  readonly #inFlight = new Map<string, number>();

  constructor(options: DispatcherOptions) {
    const idle = options.idleConnectionsPerOrigin ?? DEFAULT_IDLE_CONNECTIONS_PER_ORIGIN;
    const keepAlive = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
    const burstKeepAlive = Math.min(options.burstKeepAliveTimeoutMs ?? DEFAULT_BURST_KEEP_ALIVE_TIMEOUT_MS, keepAlive);
    const max = options.maxConnectionsPerOrigin ?? DEFAULT_MAX_CONNECTIONS_PER_ORIGIN;
    super({
      connect: { timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
      // Our own timers enforce first-byte and overall timeouts (see http-request.ts).
      headersTimeout: 0,
      bodyTimeout: 0,
      factory: (origin, opts) => new Pool(origin, { ...opts, connections: max, factory: tieredClients(idle, keepAlive, burstKeepAlive) }),
    });
    this.#max = max;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = String(options.origin);
    const inFlight = this.#inFlight.get(origin) ?? 0;
    if (inFlight >= this.#max) {
      handler.onError?.(ceilingError(origin, this.#max));
      return true;
    }
    this.#inFlight.set(origin, inFlight + 1);
    return super.dispatch(options, countedHandler(handler, () => this.#release(origin)));
  }

  #release(origin: string): void {
    const left = (this.#inFlight.get(origin) ?? 1) - 1;
    if (left > 0) this.#inFlight.set(origin, left);
    else this.#inFlight.delete(origin);
  }
}

/**
 * Clients for one origin's pool. The pool always hands a request to the first free client, so the first
 * `idle` clients carry sequential traffic and keep their sockets for `keepAlive`; the ones a burst adds
 * after them close theirs soon after the burst, leaving at most `idle` sockets open.
 */
function tieredClients(idle: number, keepAlive: number, burstKeepAlive: number): (origin: URL, opts: object) => Dispatcher {
  let long = 0;
  return (origin, opts) => {
    const lasting = long < idle;
    const timeout = lasting ? keepAlive : burstKeepAlive;
    // A server's Keep-Alive hint may shorten the idle time, never stretch it past ours.
    const client = new Client(origin, { ...opts, keepAliveTimeout: timeout, keepAliveMaxTimeout: timeout });
    if (lasting) {
      long += 1;
      // The pool drops a client whose connection failed; its place among the lasting ones is free again.
      client.once('connectionError', () => (long -= 1));
    }
    return client;
  };
}

function ceilingError(origin: string, max: number): SwitchyardError {
  return new SwitchyardError(
    'RATE_LIMITED',
    `Too many requests in flight to ${origin}: ${max} at once is the ceiling (routing.connections.max_per_origin)`,
    { retryable: true, details: { origin, ceiling: max, local: true } },
  );
}

type Handler = Dispatcher.DispatchHandler;

/**
 * The caller's handler with a release when the exchange ends, however it ends. It speaks whichever of
 * undici's two handler interfaces the caller's does (ours uses the older callbacks, which undici drives
 * without an adapter).
 */
function countedHandler(handler: Handler, release: () => void): Handler {
  let released = false;
  const done = (): void => {
    if (released) return;
    released = true;
    release();
  };
  if (typeof handler.onRequestStart === 'function') {
    return {
      onRequestStart: (...args) => handler.onRequestStart!(...args),
      onRequestUpgrade: (...args) => {
        done();
        handler.onRequestUpgrade?.(...args);
      },
      onResponseStart: (...args) => handler.onResponseStart?.(...args),
      onResponseData: (...args) => handler.onResponseData?.(...args),
      onResponseEnd: (...args) => {
        done();
        handler.onResponseEnd?.(...args);
      },
      onResponseError: (...args) => {
        done();
        handler.onResponseError?.(...args);
      },
    };
  }
  return {
    onConnect: (...args) => handler.onConnect?.(...args),
    onHeaders: (...args) => handler.onHeaders?.(...args) ?? true,
    onData: (...args) => handler.onData?.(...args) ?? true,
    onComplete: (...args) => {
      done();
      handler.onComplete?.(...args);
    },
    onError: (...args) => {
      done();
      handler.onError?.(...args);
    },
    onUpgrade: (...args) => {
      done();
      handler.onUpgrade?.(...args);
    },
    onResponseStarted: () => handler.onResponseStarted?.(),
    onBodySent: (...args) => handler.onBodySent?.(...args),
  };
}
