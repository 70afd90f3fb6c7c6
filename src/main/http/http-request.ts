import { request, type Dispatcher } from 'undici';
import type { SwitchyardError } from '../../shared/errors';
import { cancelledError, mapTransportError, timeoutError } from './transport-errors';

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
  headers: Record<string, string | string[] | undefined>;
  /** Milliseconds from sending to the response headers. */
  ttfbMs: number;
  /** The body as it arrives. Failures are SwitchyardErrors (TIMEOUT, CANCELLED, NETWORK_ERROR). */
  chunks(): AsyncGenerator<Uint8Array, void, undefined>;
  /** The whole body as UTF-8; past `maxBytes` the rest is read and dropped so the socket stays reusable. */
  text(maxBytes?: number): Promise<string>;
  /** Ends the exchange early: clears timers and, if the body was not fully read, closes the socket. */
  close(): void;
}

const DEFAULT_TEXT_LIMIT = 4 * 1024 * 1024;

/**
 * One HTTP exchange with our own timers, so a timeout says which one fired, and a caller's abort becomes
 * CANCELLED. Aborting mid-body makes undici destroy the socket, which is how the upstream learns promptly.
 */
export async function sendHttpRequest(
  dispatcher: Dispatcher,
  call: HttpCall,
  monotonic: () => number = () => performance.now(),
): Promise<HttpResponse> {
  const { url } = call;
  if (call.signal?.aborted) throw cancelledError(url);

  const controller = new AbortController();
  let failure: SwitchyardError | undefined;
  const fail = (error: SwitchyardError): void => {
    if (failure) return;
    failure = error;
    controller.abort(error);
  };
  const onCallerAbort = (): void => fail(cancelledError(url));
  call.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const overallTimer = startTimer(call.overallTimeoutMs, () => fail(timeoutError('overall', call.overallTimeoutMs, url)));
  const firstByteTimer = startTimer(call.firstByteTimeoutMs, () => fail(timeoutError('first_byte', call.firstByteTimeoutMs, url)));
  let cleanedUp = false;
  const cleanup = (): void => {
    if (cleanedUp) return;
    cleanedUp = true;
    clearTimeout(overallTimer);
    clearTimeout(firstByteTimer);
    call.signal?.removeEventListener('abort', onCallerAbort);
  };

  const started = monotonic();
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      dispatcher,
      method: call.method ?? 'POST',
      headers: call.headers,
      body: call.body,
      signal: controller.signal,
    });
  } catch (error) {
    cleanup();
    throw failure ?? mapTransportError(error, url);
  }
  clearTimeout(firstByteTimer);
  const ttfbMs = monotonic() - started;
  const body = response.body;
  let finished = false;

  const closeEarly = (): void => {
    if (!finished && !controller.signal.aborted) controller.abort(cancelledError(url));
    cleanup();
  };

  async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for await (const chunk of body) yield chunk as Uint8Array;
      finished = true;
      // undici hands a finished keep-alive socket back to its pool one event-loop turn later
      // (setImmediate). Waiting that turn here means the caller's next request finds it free and
      // reuses it instead of opening a second connection.
      await new Promise<void>((resolve) => setImmediate(resolve));
    } catch (error) {
      throw failure ?? mapTransportError(error, url);
    } finally {
      closeEarly();
    }
  }

  return {
    status: response.statusCode,
    headers: response.headers,
    ttfbMs,
    chunks,
    async text(maxBytes = DEFAULT_TEXT_LIMIT) {
      const parts: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of chunks()) {
        if (size < maxBytes) parts.push(chunk.subarray(0, maxBytes - size));
        size += chunk.byteLength;
      }
      return Buffer.concat(parts).toString('utf8');
    },
    close: closeEarly,
  };
}

function startTimer(ms: number, onFire: () => void): ReturnType<typeof setTimeout> | undefined {
  if (!(ms > 0) || !Number.isFinite(ms)) return undefined;
  const timer = setTimeout(onFire, ms);
  // A pending timeout must never keep a CLI process alive.
  timer.unref?.();
  return timer;
}

/** First value of a header that may repeat. */
export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
