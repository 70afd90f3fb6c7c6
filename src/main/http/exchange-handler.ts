import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { SwitchyardError } from '../../shared/errors';
import { cancelledError, mapTransportError, timeoutError } from './transport-errors';

/** Past this many unread body bytes, undici stops reading the socket until the consumer catches up. */
const HIGH_WATER_BYTES = 64 * 1024;

type Waiter<T> = { resolve: (value: T) => void; reject: (error: SwitchyardError) => void };

/** Response headers as undici decodes them: names in lower case, a repeated header as a list. */
export type ResponseHeaders = IncomingHttpHeaders;

export interface ResponseHead {
  status: number;
  headers: ResponseHeaders;
  /** monotonic() when the headers arrived. */
  at: number;
}

/**
 * One HTTP exchange as an undici dispatch handler (the controller API: undici hands us a controller to
 * pause, resume and abort the exchange with).
 *
 * Why not `undici.request()`: per request it builds an AsyncResource, a Node Readable for the body, and (for
 * cancel and timeouts) an AbortController whose EventTarget listeners undici adds and removes; reading that
 * body back through an async iterator costs more again. On loopback that machinery was most of what
 * Switchyard added to a request. Here the body is a plain queue of the Buffers undici hands us, aborting is
 * the controller's `abort` (which destroys the socket when the body is mid-flight), and every failure is
 * settled exactly once as a SwitchyardError.
 */
export class ExchangeHandler implements Dispatcher.DispatchHandler {
  failure: SwitchyardError | undefined;
  /** The whole body has arrived. */
  complete = false;

  readonly #url: string;
  readonly #monotonic: () => number;
  readonly #signal: AbortSignal | undefined;
  readonly #overallTimeoutMs: number;
  readonly #firstByteTimeoutMs: number;
  #overallTimer: ReturnType<typeof setTimeout> | undefined;
  #firstByteTimer: ReturnType<typeof setTimeout> | undefined;
  #controller: Dispatcher.DispatchController | undefined;
  #head: Waiter<ResponseHead> | undefined;
  #reader: Waiter<void> | undefined;
  readonly #queue: Buffer[] = [];
  #queuedBytes = 0;
  /** While text() collects: bytes past this are read and dropped so the socket stays reusable... */
  #keepLimit = Number.POSITIVE_INFINITY;
  /** ...or, when set, end the exchange with this error (a body that must be whole cannot be cut short). */
  #overflowError: (() => SwitchyardError) | undefined;
  #seenBytes = 0;

  /**
   * Starts the timers and listens to the caller's signal. Module-level callbacks and `handleEvent` (rather
   * than closures) keep the per-request setup to this one object.
   */
  constructor(url: string, monotonic: () => number, overallTimeoutMs: number, firstByteTimeoutMs: number, signal: AbortSignal | undefined) {
    this.#url = url;
    this.#monotonic = monotonic;
    this.#overallTimeoutMs = overallTimeoutMs;
    this.#firstByteTimeoutMs = firstByteTimeoutMs;
    this.#signal = signal;
    signal?.addEventListener('abort', this, { once: true });
    this.#overallTimer = startTimer(overallTimeoutMs, fireOverall, this);
    this.#firstByteTimer = startTimer(firstByteTimeoutMs, fireFirstByte, this);
  }

  get url(): string {
    return this.#url;
  }

  /** The caller's signal fired. */
  handleEvent(): void {
    this.fail(cancelledError(this.#url));
  }

  /** The caller stops early: a body still arriving is cut off with its socket. */
  close(): void {
    if (!this.failure && !this.complete) this.fail(cancelledError(this.#url));
    this.#settle();
  }

  /** Resolves when the response headers arrive; rejects with the exchange's failure. */
  head(): Promise<ResponseHead> {
    return new Promise<ResponseHead>((resolve, reject) => {
      if (this.failure) reject(this.failure);
      else this.#head = { resolve, reject };
    });
  }

  /** Ends the exchange with `error` (first failure wins); a body still arriving is cut off with its socket. */
  fail(error: SwitchyardError): void {
    if (this.failure || this.complete) return;
    this.failure = error;
    this.#settle();
    // Before onRequestStart there is nothing to abort yet; onRequestStart aborts at once instead.
    this.#controller?.abort(error);
    this.#head?.reject(error);
    this.#head = undefined;
    this.#wakeReader();
  }

  // ---- the consumer's side -------------------------------------------------------------------

  /** Next body chunk, or null at the end; throws the failure. */
  async read(): Promise<Buffer | null> {
    for (;;) {
      // A failure wins over anything still queued: a timed-out or cancelled body stops at once.
      if (this.failure) throw this.failure;
      const chunk = this.#queue.shift();
      if (chunk !== undefined) {
        this.#queuedBytes -= chunk.byteLength;
        if (this.#queuedBytes < HIGH_WATER_BYTES) this.#controller?.resume();
        return chunk;
      }
      if (this.complete) return null;
      await new Promise<void>((resolve, reject) => {
        this.#reader = { resolve, reject };
      });
    }
  }

  /** Waits for the whole body, keeping at most `maxBytes` of it, or failing with `overflow()` past that. */
  async collect(maxBytes: number, overflow?: () => SwitchyardError): Promise<Buffer[]> {
    this.#keepLimit = maxBytes;
    this.#overflowError = overflow;
    this.#trimQueue();
    while (!this.complete && !this.failure) {
      // Woken by each chunk as well as by the end; only the end (or a failure) is what we wait for.
      await new Promise<void>((resolve, reject) => {
        this.#reader = { resolve, reject };
      });
    }
    if (this.failure) throw this.failure;
    const parts = this.#queue.splice(0);
    this.#queuedBytes = 0;
    return parts;
  }

  // ---- undici's side ---------------------------------------------------------------------------

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Called again if undici retries the request on a fresh socket: the newest controller is the live one.
    this.#controller = controller;
    if (this.failure) controller.abort(this.failure);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: ResponseHeaders): void {
    if (statusCode < 200) return; // 1xx informational: the real answer follows
    if (this.#firstByteTimer !== undefined) clearTimeout(this.#firstByteTimer);
    this.#firstByteTimer = undefined;
    const head = this.#head;
    this.#head = undefined;
    head?.resolve({ status: statusCode, headers, at: this.#monotonic() });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.failure) return;
    const size = chunk.byteLength;
    const seen = this.#seenBytes;
    this.#seenBytes += size;
    if (this.#seenBytes > this.#keepLimit && this.#overflowError) {
      this.fail(this.#overflowError());
      return;
    }
    if (seen < this.#keepLimit) {
      const kept = seen + size > this.#keepLimit ? chunk.subarray(0, this.#keepLimit - seen) : chunk;
      this.#queue.push(kept);
      this.#queuedBytes += kept.byteLength;
    }
    this.#wakeReader();
    if (this.#queuedBytes >= HIGH_WATER_BYTES && this.#keepLimit === Number.POSITIVE_INFINITY) controller.pause();
  }

  onResponseEnd(): void {
    if (this.failure) return;
    this.complete = true;
    this.#settle();
    this.#wakeReader();
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    if (this.failure || this.complete) return;
    this.fail(mapTransportError(error, this.#url));
  }

  /** Timers and the caller's listener are done with once the exchange ends, however it ends. */
  #settle(): void {
    if (this.#overallTimer !== undefined) clearTimeout(this.#overallTimer);
    if (this.#firstByteTimer !== undefined) clearTimeout(this.#firstByteTimer);
    this.#overallTimer = this.#firstByteTimer = undefined;
    this.#signal?.removeEventListener('abort', this);
  }

  timedOut(kind: 'overall' | 'first_byte'): void {
    const ms = kind === 'overall' ? this.#overallTimeoutMs : this.#firstByteTimeoutMs;
    this.fail(timeoutError(kind, ms, this.#url));
  }

  #wakeReader(): void {
    const reader = this.#reader;
    if (reader === undefined) return;
    this.#reader = undefined;
    if (this.failure) reader.reject(this.failure);
    else reader.resolve();
  }

  /** Applies a keep limit set after some chunks were already queued. */
  #trimQueue(): void {
    let kept = 0;
    let total = 0;
    for (const chunk of this.#queue) total += chunk.byteLength;
    for (let i = 0; i < this.#queue.length; i++) {
      const chunk = this.#queue[i]!;
      if (kept >= this.#keepLimit) {
        this.#queue.length = i;
        break;
      }
      if (kept + chunk.byteLength > this.#keepLimit) this.#queue[i] = chunk.subarray(0, this.#keepLimit - kept);
      kept += this.#queue[i]!.byteLength;
    }
    this.#queuedBytes = kept;
    this.#seenBytes = total;
    if (total > this.#keepLimit && this.#overflowError) {
      this.fail(this.#overflowError());
      return;
    }
    this.#controller?.resume();
  }
}

function fireOverall(exchange: ExchangeHandler): void {
  exchange.timedOut('overall');
}

function fireFirstByte(exchange: ExchangeHandler): void {
  exchange.timedOut('first_byte');
}

function startTimer(ms: number, onFire: (exchange: ExchangeHandler) => void, exchange: ExchangeHandler): ReturnType<typeof setTimeout> | undefined {
  if (!(ms > 0) || !Number.isFinite(ms)) return undefined;
  const timer = setTimeout(onFire, ms, exchange);
  // A pending timeout must never keep a CLI process alive.
  timer.unref?.();
  return timer;
}
