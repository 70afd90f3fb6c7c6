import type { RouteAttempt, RouteTrace, RoutingMode } from '../../shared/chat';
import type { SwitchyardError } from '../../shared/errors';
import type { Clock } from '../timing/clock';

export interface AttemptHandle {
  readonly record: RouteAttempt;
  readonly startMono: number;
}

/** Where an attempt goes: a ChatPlan is one. */
export interface AttemptTarget {
  target: string;
  via: RoutingMode;
  url: string;
  provider: string;
  model: string;
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
  #hop = 0;
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

  /** Attempts from now on are for the n-th model of the fallback chain (0: the one asked for). */
  beginHop(hop: number): void {
    this.#hop = hop;
  }

  /** `attempt` is 1-based: the tries of one target within this hop. */
  beginAttempt(to: AttemptTarget, attempt: number): AttemptHandle {
    const record: RouteAttempt = {
      target: to.target,
      via: to.via,
      url: to.url,
      provider: to.provider,
      model: to.model,
      hop: this.#hop,
      attempt,
      startedAt: this.#clock.now(),
      durationMs: 0,
    };
    this.#attempts.push(record);
    return { record, startMono: this.#clock.monotonic() };
  }

  /** A target passed over without a request: its provider cooling down, the gateway not taking traffic. */
  skip(to: AttemptTarget, reason: string, cooldownUntil?: number): void {
    const record: RouteAttempt = { target: to.target, via: to.via, url: to.url, provider: to.provider, model: to.model, hop: this.#hop, outcome: 'skipped', reason, startedAt: this.#clock.now(), durationMs: 0 };
    if (cooldownUntil !== undefined) record.cooldownUntil = cooldownUntil;
    this.#attempts.push(record);
  }

  /** Response headers arrived. */
  attemptResponded(handle: AttemptHandle, status: number, ttfbMs: number): void {
    handle.record.status = status;
    handle.record.ttfbMs = round(ttfbMs);
  }

  endAttempt(handle: AttemptHandle, error?: SwitchyardError): void {
    const record = handle.record;
    record.durationMs = round(this.#clock.monotonic() - handle.startMono);
    if (error) {
      record.errorCode = error.code;
      record.errorMessage = error.message;
      record.outcome = 'failed';
    } else {
      record.outcome = 'served';
      this.#servedBy = record.via;
    }
  }

  /** The failed attempt is tried again after `delayMs`. */
  retrying(handle: AttemptHandle, delayMs: number): void {
    handle.record.outcome = 'retried';
    handle.record.retryInMs = round(delayMs);
    this.#retries += 1;
  }

  /** The last attempt's failure opened its provider's cooldown, until then (epoch ms). */
  cooledDown(until: number): void {
    const last = this.#attempts.at(-1);
    if (last !== undefined) last.cooldownUntil = until;
  }

  /**
   * The request moves on (to Direct, or to the next model of the chain) because of what the last attempt
   * met; the first such reason is the trace's `fallbackReason`.
   */
  fellBack(reason: string): void {
    const last = this.#attempts.at(-1);
    if (last?.outcome === 'failed') {
      last.outcome = 'fell_back';
      last.reason = reason;
    }
    this.#fallbackReason ??= reason;
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
