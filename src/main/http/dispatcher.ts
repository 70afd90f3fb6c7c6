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
  const idle = options.idleConnectionsPerOrigin ?? DEFAULT_IDLE_CONNECTIONS_PER_ORIGIN;
  const keepAlive = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
  const burstKeepAlive = Math.min(options.burstKeepAliveTimeoutMs ?? DEFAULT_BURST_KEEP_ALIVE_TIMEOUT_MS, keepAlive);
  const max = options.maxConnectionsPerOrigin ?? DEFAULT_MAX_CONNECTIONS_PER_ORIGIN;
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
    // Our own timers enforce first-byte and overall timeouts (see http-request.ts).
    headersTimeout: 0,
    bodyTimeout: 0,
    factory: (origin, opts) => new Pool(origin, { ...opts, connections: max, factory: tieredClients(idle, keepAlive, burstKeepAlive) }),
  });
  return agent.compose(inFlightCeiling(max));
}

/**
 * Counts requests in flight per origin and refuses one past `max`. As an interceptor it sees every handler
 * in undici's controller form: undici adapts the older callback handlers its own `request()` and `fetch()`
 * still pass.
 */
function inFlightCeiling(max: number): Dispatcher.DispatcherComposeInterceptor {
  const inFlight = new Map<string, number>();
  const release = (origin: string): void => {
    const left = (inFlight.get(origin) ?? 1) - 1;
    if (left > 0) inFlight.set(origin, left);
    else inFlight.delete(origin);
  };
  return (dispatch) => (options, handler) => {
    const origin = String(options.origin);
    const count = inFlight.get(origin) ?? 0;
    if (count >= max) {
      handler.onResponseError?.(refused, ceilingError(origin, max));
      return true;
    }
    inFlight.set(origin, count + 1);
    return dispatch(options, new CountedHandler(handler, origin, release));
  };
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

/** The controller a refused request's handler is told about: there is no exchange to pause or abort. */
const refused: Dispatcher.DispatchController = {
  aborted: true,
  paused: false,
  reason: null,
  abort: () => undefined,
  pause: () => undefined,
  resume: () => undefined,
};

type Handler = Dispatcher.DispatchHandler;
type Args<K extends keyof Handler> = Parameters<NonNullable<Handler[K]>>;

/** The caller's handler with a release when the exchange ends, however it ends. */
class CountedHandler implements Handler {
  private released = false;

  constructor(
    private readonly handler: Handler,
    private readonly origin: string,
    private readonly release: (origin: string) => void,
  ) {}

  onRequestStart(...args: Args<'onRequestStart'>): void {
    this.handler.onRequestStart?.(...args);
  }

  onRequestUpgrade(...args: Args<'onRequestUpgrade'>): void {
    this.done();
    this.handler.onRequestUpgrade?.(...args);
  }

  onResponseStart(...args: Args<'onResponseStart'>): void {
    this.handler.onResponseStart?.(...args);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(...args: Args<'onResponseEnd'>): void {
    this.done();
    this.handler.onResponseEnd?.(...args);
  }

  onResponseError(...args: Args<'onResponseError'>): void {
    this.done();
    this.handler.onResponseError?.(...args);
  }

  private done(): void {
    if (this.released) return;
    this.released = true;
    this.release(this.origin);
  }
}
