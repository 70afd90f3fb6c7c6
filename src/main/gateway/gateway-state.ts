import type { GatewayEvent, GatewayEventKind, GatewayPhase, GatewayStatus, HealthResult, LogLine, PullProgress, StatsSample } from '../../shared/gateway';
import type { Logger } from '../logging/logger';
import type { Clock } from '../timing/clock';
import type { TypedEmitter } from './typed-emitter';

/** What subscribers (the app's gateway service, tests) can listen to. */
export interface SupervisorEvents {
  /** Every transition, health result, restart, fallback, recovery, pull, adoption, cleanup and error. */
  event: GatewayEvent;
  /** The full status after each event. */
  status: GatewayStatus;
  log: LogLine;
  stats: StatsSample;
  pull: PullProgress;
  health: HealthResult;
}

/**
 * The gateway's observable state machine: the one place that changes the status and announces it, so every
 * change is an event with a timestamp and a reason. The other parts of the supervisor say what happened
 * (a container started, a restart is due, it fell back); this decides what the status then is.
 */
export class GatewayState {
  readonly #state: GatewayStatus;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly events: TypedEmitter<SupervisorEvents>,
    initial: Pick<GatewayStatus, 'image' | 'containerName' | 'maxRestarts'> & { endpoint: string },
    private readonly historyLimit = 200,
  ) {
    this.#state = {
      phase: 'idle',
      engine: { reachable: false, endpoint: initial.endpoint },
      image: initial.image,
      containerName: initial.containerName,
      restarts: 0,
      restartsInRow: 0,
      maxRestarts: initial.maxRestarts,
      recoveryAttempts: 0,
      fallbacks: 0,
      fallbackActive: false,
      history: [],
    };
  }

  get phase(): GatewayPhase {
    return this.#state.phase;
  }

  get fallbackActive(): boolean {
    return this.#state.fallbackActive;
  }

  status(): GatewayStatus {
    return structuredClone(this.#state);
  }

  /** Why the gateway is not taking traffic, for the route trace. */
  unavailableReason(): string {
    const s = this.#state;
    if (s.fallbackActive && s.fallbackReason) {
      return s.phase === 'ready' ? `gateway recovering (healthy, in hold period): ${s.fallbackReason}` : s.fallbackReason;
    }
    const last = s.history.at(-1);
    return `gateway is ${s.phase}${last ? `: ${last.reason}` : ''}`;
  }

  transition(phase: GatewayPhase, reason: string): void {
    const recovery = this.#state.recovery;
    if (recovery && phase !== 'ready' && phase !== 'stopping' && phase !== 'stopped') {
      // A recovery attempt's steps are its own progress: the gateway stays failed until one succeeds.
      const step = phase === 'pulling' || phase === 'creating' || phase === 'starting' ? phase : 'waiting';
      if (recovery.step !== step) {
        recovery.step = step;
        if (step !== 'waiting') delete recovery.nextAttemptAt;
        this.#announce();
      }
      return;
    }
    this.#state.recovery = undefined;
    if (phase === this.#state.phase) return;
    this.#state.phase = phase;
    this.record('transition', reason);
  }

  record(kind: GatewayEventKind, reason: string, extra: Pick<GatewayEvent, 'ok' | 'latencyMs'> = {}): void {
    const event: GatewayEvent = { at: this.clock.now(), kind, phase: this.#state.phase, reason, ...extra };
    const history = this.#state.history;
    history.push(event);
    if (history.length > this.historyLimit) history.splice(0, history.length - this.historyLimit);
    this.logger.log(kind === 'error' ? 'warn' : 'info', `gateway.${kind}`, { phase: event.phase, reason });
    this.events.emit('event', event);
    this.#announce();
  }

  recordHealth(result: HealthResult, announce: boolean): void {
    this.#state.lastHealth = result;
    this.events.emit('health', result);
    // Passing periodic checks are not history-worthy; failures and the checks that change phase are.
    if (announce || !result.ok) {
      const what = result.check === 'health' ? 'health check' : 'readiness check';
      this.record('health', result.ok ? `${what} passed` : `${what} failed: ${result.error ?? 'unknown'}`, {
        ok: result.ok,
        latencyMs: Math.round(result.latencyMs * 10) / 10,
      });
    }
  }

  // The engine.

  get engineVersion(): string | undefined {
    return this.#state.engine.version;
  }

  engineAnswered(endpoint: string, version: string | undefined): void {
    this.#state.engine = { reachable: true, endpoint, ...(version ? { version } : {}) };
  }

  engineUnreachable(endpoint: string, error: string): void {
    this.#state.engine = { reachable: false, endpoint, error };
  }

  /** The engine told its version after the ping (it is asked separately): shown once known. */
  engineVersionKnown(version: string): void {
    if (!this.#state.engine.reachable) return;
    this.#state.engine.version = version;
    this.#announce();
  }

  // The container.

  containerCreated(id: string, port: number): void {
    this.#state.containerId = id;
    this.#state.port = port;
  }

  containerStarted(): void {
    this.#state.startedAt = this.clock.now();
  }

  containerReady(reason: string): void {
    this.#state.readySince = this.clock.now();
    this.transition('ready', reason);
  }

  containerGone(): void {
    this.#state.containerId = undefined;
    this.#state.readySince = undefined;
  }

  // Failures, restarts, fallback and recovery.

  /** A run of the gateway ended in an error (it will be restarted or given up on). */
  failed(error: { code: string; message: string }): void {
    this.#state.lastError = { code: error.code, message: error.message };
    this.record('error', `${error.code}: ${error.message}`);
  }

  failuresInRow(count: number): void {
    this.#state.restartsInRow = Math.min(count, this.#state.maxRestarts);
  }

  restarting(reason: string, attempt: number, delayMs: number): void {
    this.#state.restarts += 1;
    this.transition('restarting', reason);
    this.record('restart', `restart ${attempt}/${this.#state.maxRestarts} in ${delayMs} ms: ${reason}`);
  }

  /** Supervision gave up on the gateway; with fallback on, Direct serves from now on. */
  gaveUp(why: string, code: string, fallback: boolean): void {
    this.#state.lastError = { code, message: why };
    this.transition('failed', why);
    if (fallback && !this.#state.fallbackActive) {
      this.#state.fallbackActive = true;
      this.#state.fallbacks += 1;
      this.#state.fallbackReason = why;
      this.record('fallback', `requests are served by Direct: ${why}`);
    } else if (!fallback) {
      this.record('error', `CONTAINER_FAILED: ${why} (fallback is off)`);
    }
  }

  /** Background recovery: the next attempt is due at `at`; the phase stays `failed` meanwhile. */
  recoveryDue(at: number): number {
    const attempt = this.#state.recoveryAttempts + 1;
    this.#state.recovery = { attempt, step: 'waiting', nextAttemptAt: at };
    this.#announce();
    return attempt;
  }

  recoveryAttempt(attempt: number, reason: string): void {
    this.#state.recoveryAttempts = attempt;
    this.record('restart', `recovery attempt ${attempt} (gateway failed: ${reason})`);
  }

  /** Healthy for the hold period after a fallback: traffic moves back to the gateway. */
  recovered(holdMs: number): void {
    if (!this.#state.fallbackActive) return;
    this.#clearFallback();
    this.#state.lastError = undefined;
    this.record('recovery', `gateway healthy for ${holdMs / 1000} s; requests go through it again`);
  }

  /** Supervision is over: "fallback" no longer describes anything; the next start begins afresh. */
  supervisionOver(): void {
    this.#clearFallback();
  }

  #clearFallback(): void {
    this.#state.fallbackActive = false;
    this.#state.fallbackReason = undefined;
  }

  #announce(): void {
    this.events.emit('status', this.status());
  }
}
