import type { GatewayEvent, GatewayEventKind, GatewayPhase, GatewayStatus, HealthResult, LogLine, PullProgress, StatsSample } from '../../shared/gateway';
import type { Logger } from '../logging/logger';
import type { Clock } from '../timing/clock';
import { TypedEmitter } from './typed-emitter';

/** What subscribers (the app API, the router, tests) can listen to. */
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
 * The supervisor's observable state: one place that changes the status and announces it, so every change
 * is an event with a timestamp and a reason.
 */
export class SupervisorState extends TypedEmitter<SupervisorEvents> {
  protected readonly state: GatewayStatus;

  constructor(
    protected readonly clock: Clock,
    protected readonly logger: Logger,
    initial: Pick<GatewayStatus, 'image' | 'containerName' | 'maxRestarts'> & { endpoint: string },
    private readonly historyLimit = 200,
  ) {
    super();
    this.state = {
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
    return this.state.phase;
  }

  status(): GatewayStatus {
    return structuredClone(this.state);
  }

  protected transition(phase: GatewayPhase, reason: string): void {
    const recovery = this.state.recovery;
    if (recovery && phase !== 'ready' && phase !== 'stopping' && phase !== 'stopped') {
      // A recovery attempt's steps are its own progress: the gateway stays failed until one succeeds.
      const step = phase === 'pulling' || phase === 'creating' || phase === 'starting' ? phase : 'waiting';
      if (recovery.step !== step) {
        recovery.step = step;
        if (step !== 'waiting') delete recovery.nextAttemptAt;
        this.emit('status', this.status());
      }
      return;
    }
    this.state.recovery = undefined;
    if (phase === this.state.phase) return;
    this.state.phase = phase;
    this.record('transition', reason);
  }

  protected record(kind: GatewayEventKind, reason: string, extra: Pick<GatewayEvent, 'ok' | 'latencyMs'> = {}): GatewayEvent {
    const event: GatewayEvent = { at: this.clock.now(), kind, phase: this.state.phase, reason, ...extra };
    this.state.history.push(event);
    if (this.state.history.length > this.historyLimit) this.state.history.splice(0, this.state.history.length - this.historyLimit);
    this.logger.log(kind === 'error' ? 'warn' : 'info', `gateway.${kind}`, { phase: event.phase, reason });
    this.emit('event', event);
    this.emit('status', this.status());
    return event;
  }

  protected recordHealth(result: HealthResult, announce: boolean): void {
    this.state.lastHealth = result;
    this.emit('health', result);
    // Passing periodic checks are not history-worthy; failures and the checks that change phase are.
    if (announce || !result.ok) {
      const what = result.check === 'health' ? 'health check' : 'readiness check';
      this.record('health', result.ok ? `${what} passed` : `${what} failed: ${result.error ?? 'unknown'}`, {
        ok: result.ok,
        latencyMs: Math.round(result.latencyMs * 10) / 10,
      });
    }
  }
}
