import type { RouteAttempt, RouteTrace, RoutingMode } from '../../shared/chat';
import type { SwitchyardError } from '../../shared/errors';
import type { Clock } from '../timing/clock';

export interface AttemptHandle {
  readonly record: RouteAttempt;
  readonly startMono: number;
}

/**
 * Builds the route trace as a request runs. Overhead is what is left of the latency after taking out
 * time spent waiting: on the network, in backoff sleeps, and on the caller between stream parts.
 */
export class TraceBuilder {
  readonly #clock: Clock;
  readonly #mode: RoutingMode;
  readonly #startMono: number;
  readonly #attempts: RouteAttempt[] = [];
  #servedBy: RoutingMode;
  #retries = 0;
  #fallbackReason: string | undefined;
  #waitMs = 0;
  #ttftMs: number | undefined;
  #endMono: number | undefined;

  constructor(mode: RoutingMode, clock: Clock) {
    this.#clock = clock;
    this.#mode = mode;
    this.#servedBy = mode;
    this.#startMono = clock.monotonic();
  }

  beginAttempt(target: string, via: RoutingMode, url: string): AttemptHandle {
    const record: RouteAttempt = { target, via, url, startedAt: this.#clock.now(), durationMs: 0 };
    this.#attempts.push(record);
    return { record, startMono: this.#clock.monotonic() };
  }

  /** Response headers arrived. */
  attemptResponded(handle: AttemptHandle, status: number, ttfbMs: number): void {
    handle.record.status = status;
    handle.record.ttfbMs = round(ttfbMs);
  }

  endAttempt(handle: AttemptHandle, error?: SwitchyardError): void {
    handle.record.durationMs = round(this.#clock.monotonic() - handle.startMono);
    if (error) {
      handle.record.errorCode = error.code;
      handle.record.errorMessage = error.message;
    } else {
      this.#servedBy = handle.record.via;
    }
  }

  countRetry(): void {
    this.#retries += 1;
  }

  setFallback(reason: string): void {
    this.#fallbackReason = reason;
  }

  /** Awaits something that is not our own work, and books the time as waiting. */
  async wait<T>(promise: Promise<T>): Promise<T> {
    const start = this.#clock.monotonic();
    try {
      return await promise;
    } finally {
      this.#waitMs += this.#clock.monotonic() - start;
    }
  }

  addWait(ms: number): void {
    this.#waitMs += ms;
  }

  markFirstToken(): void {
    if (this.#ttftMs === undefined) this.#ttftMs = this.#clock.monotonic() - this.#startMono;
  }

  /** Freezes the latency; later calls to build() report the same figures. */
  finish(): void {
    this.#endMono ??= this.#clock.monotonic();
  }

  build(): RouteTrace {
    const end = this.#endMono ?? this.#clock.monotonic();
    const latency = end - this.#startMono;
    const trace: RouteTrace = {
      mode: this.#mode,
      servedBy: this.#servedBy,
      attempts: this.#attempts.map((a) => ({ ...a })),
      retries: this.#retries,
      overheadMs: round(Math.max(0, latency - this.#waitMs)),
      latencyMs: round(latency),
    };
    if (this.#fallbackReason !== undefined) trace.fallbackReason = this.#fallbackReason;
    if (this.#ttftMs !== undefined) trace.ttftMs = round(this.#ttftMs);
    return trace;
  }
}

/** Microsecond resolution is plenty, and keeps JSON readable. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
