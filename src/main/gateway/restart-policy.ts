import { backoffDelay } from '../timing/backoff';
import { pause, type Clock } from '../timing/clock';
import type { GatewayState } from './gateway-state';

export interface RestartPolicyOptions {
  maxRestarts: number;
  /** How long the gateway must stay healthy before the restart budget refills and traffic returns. */
  recoveryHoldMs: number;
  backoff: { baseMs: number; maxMs: number };
  /** Requests go to Direct once supervision gives up. */
  fallback: boolean;
  random: () => number;
  /** Supervision gave up: start waiters may go. */
  onGaveUp: () => void;
}

/**
 * What happens after the gateway fails: a restart with backoff while within `max_restarts` failures in a
 * row; past that (or for a failure a restart cannot fix) the gateway is given up on — Direct serves if
 * fallback is on — and recovery attempts continue in the background at the backoff's pace. Healthy for the
 * hold period, the budget refills and traffic moves back.
 */
export class RestartPolicy {
  #failures = 0;

  constructor(
    private readonly state: GatewayState,
    private readonly clock: Clock,
    private readonly options: RestartPolicyOptions,
  ) {}

  /** A new run of supervision: nothing has failed yet. */
  reset(): void {
    this.#setFailures(0);
  }

  /** The run failed with `reason`: waits out the backoff (restart or recovery) unless the signal aborts. */
  async afterFailure(reason: string, retryable: boolean, signal: AbortSignal): Promise<void> {
    this.#setFailures(this.#failures + 1);
    const { baseMs, maxMs } = this.options.backoff;
    const delay = backoffDelay(this.#failures, baseMs, maxMs, this.options.random);
    if (!retryable || this.#failures > this.options.maxRestarts) {
      this.giveUp(reason, retryable);
      const attempt = this.state.recoveryDue(this.clock.now() + delay);
      await pause(this.clock, delay, signal);
      if (!signal.aborted) this.state.recoveryAttempt(attempt, reason);
      return;
    }
    this.state.restarting(reason, this.#failures, delay);
    await pause(this.clock, delay, signal);
  }

  /** Gives up on the gateway; `retryable` says whether restarts were tried first. */
  giveUp(reason: string, retryable: boolean, code = 'CONTAINER_FAILED'): void {
    const why = retryable ? `gave up after ${this.options.maxRestarts} failed restarts: ${reason}` : reason;
    this.state.gaveUp(why, code, this.options.fallback);
    this.options.onGaveUp();
  }

  /** Healthy for the hold period: the restart budget refills, and traffic moves back from Direct. */
  held(): void {
    this.#setFailures(0);
    this.state.recovered(this.options.recoveryHoldMs);
  }

  #setFailures(count: number): void {
    this.#failures = count;
    this.state.failuresInRow(count);
  }
}
