import type { Dispatcher } from 'undici';
import { ExchangeHandler, type ResponseHeaders } from './exchange-handler';
import { bodyTooLarge, cancelledError, mapTransportError } from './transport-errors';
import type { SwitchyardError } from '../../shared/errors';

export interface HttpCall {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Time allowed until the response headers arrive; 0 disables. */
  firstByteTimeoutMs: number;
  /** Time allowed for the whole exchange, body included; 0 disables. */
  overallTimeoutMs: number;
  /** The caller's cancel signal. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** All response headers, names in lower case; a repeated header is a list. */
  readonly headers: ResponseHeaders;
  /** The first value of one header, case-insensitive. */
  header(name: string): string | undefined;
  /** Milliseconds from sending to the response headers. */
  ttfbMs: number;
  /** The body as it arrives. Failures are SwitchyardErrors (TIMEOUT, CANCELLED, NETWORK_ERROR). */
  chunks(): AsyncGenerator<Uint8Array, void, undefined>;
  /**
   * The next piece of the body, or null once it has all arrived (and the socket is back in the pool); the
   * same failures as `chunks()`. A loop over `read()` skips the generator, which a hot path can feel; call
   * `close()` when done either way.
   */
  read(): Promise<Uint8Array | null>;
  /** The whole body as UTF-8; past `maxBytes` the rest is read and dropped so the socket stays reusable. */
  text(maxBytes?: number): Promise<string>;
  /**
   * The whole body as UTF-8, when it must be whole to mean anything (a JSON reply): past `maxBytes` the
   * exchange ends with MALFORMED_RESPONSE saying the body is too large, and the socket is closed.
   */
  wholeText(maxBytes?: number): Promise<string>;
  /** Ends the exchange early: clears timers and, if the body was not fully read, closes the socket. */
  close(): void;
}

const DEFAULT_TEXT_LIMIT = 4 * 1024 * 1024;

/**
 * One HTTP exchange with our own timers, so a timeout says which one fired, and a caller's abort becomes
 * CANCELLED. Aborting mid-body makes undici destroy the socket, which is how the upstream learns promptly.
 * The exchange itself is an ExchangeHandler driven by `dispatcher.dispatch` (see there for why).
 */
export async function sendHttpRequest(
  dispatcher: Dispatcher,
  call: HttpCall,
  monotonic: () => number = defaultMonotonic,
): Promise<HttpResponse> {
  const { url, signal } = call;
  if (signal?.aborted) throw cancelledError(url);
  let target: RequestTarget;
  try {
    target = requestTarget(url);
  } catch (error) {
    throw mapTransportError(error, url);
  }
  const exchange = new ExchangeHandler(url, monotonic, call.overallTimeoutMs, call.firstByteTimeoutMs, signal);
  const started = monotonic();
  const head = exchange.head();
  dispatcher.dispatch(
    { origin: target.origin, path: target.path, method: call.method ?? 'POST', headers: call.headers, body: call.body ?? null },
    exchange,
  );
  const { status, headers, at } = await head;
  return new ExchangeResponse(exchange, status, headers, at - started);
}

const defaultMonotonic = (): number => performance.now();

/** The caller's view of an exchange whose headers have arrived. */
class ExchangeResponse implements HttpResponse {
  readonly #exchange: ExchangeHandler;

  constructor(
    exchange: ExchangeHandler,
    readonly status: number,
    readonly headers: ResponseHeaders,
    readonly ttfbMs: number,
  ) {
    this.#exchange = exchange;
  }

  header(name: string): string | undefined {
    const key = name.toLowerCase();
    // Own properties only: a header named like an Object method is just a header, and a missing one is missing.
    if (!Object.hasOwn(this.headers, key)) return undefined;
    const value = this.headers[key];
    return Array.isArray(value) ? value[0] : value;
  }

  async *chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for (let chunk = await this.read(); chunk !== null; chunk = await this.read()) yield chunk;
    } finally {
      this.#exchange.close();
    }
  }

  async read(): Promise<Uint8Array | null> {
    const chunk = await this.#exchange.read();
    if (chunk === null) await socketBackInPool();
    return chunk;
  }

  text(maxBytes = DEFAULT_TEXT_LIMIT): Promise<string> {
    return this.#collectText(maxBytes);
  }

  wholeText(maxBytes = DEFAULT_TEXT_LIMIT): Promise<string> {
    return this.#collectText(maxBytes, () => bodyTooLarge(this.#exchange.url, maxBytes));
  }

  async #collectText(maxBytes: number, overflow?: () => SwitchyardError): Promise<string> {
    try {
      const parts = await this.#exchange.collect(maxBytes, overflow);
      await socketBackInPool();
      return parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8');
    } finally {
      this.#exchange.close();
    }
  }

  close(): void {
    this.#exchange.close();
  }
}

/**
 * undici hands a finished keep-alive socket back to its pool one event-loop turn later (setImmediate).
 * Waiting that turn before telling the caller the body is done means the caller's next request finds the
 * socket free and reuses it instead of opening a second connection.
 */
function socketBackInPool(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

interface RequestTarget {
  origin: string;
  path: string;
}

/** A router sends to a handful of URLs over and over: parse each once. */
const targets = new Map<string, RequestTarget>();
const MAX_CACHED_TARGETS = 256;

function requestTarget(url: string): RequestTarget {
  let target = targets.get(url);
  if (target === undefined) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw Object.assign(new TypeError(`unsupported protocol ${parsed.protocol}`), { code: 'ERR_INVALID_URL' });
    }
    target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (targets.size >= MAX_CACHED_TARGETS) targets.clear();
    targets.set(url, target);
  }
  return target;
}
