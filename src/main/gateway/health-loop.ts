import type { PlanoEmbeddedConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import type { HealthResult } from '../../shared/gateway';
import type { Clock } from '../timing/clock';
import type { EngineEvents } from './engine-events';
import type { GatewayContainer } from './gateway-container';
import type { GatewayState } from './gateway-state';

/** Switchyard's own HTTP checks of the gateway (see health-checker.ts); tests pass a scripted one. */
export interface GatewayHealthSource {
  check(check: HealthResult['check'], origin: string, signal?: AbortSignal): Promise<HealthResult>;
  close(): Promise<void>;
}

export interface HealthLoopOptions {
  settings: Pick<PlanoEmbeddedConfig, 'startTimeoutMs' | 'healthIntervalMs' | 'recoveryHoldMs'>;
  /** Poll period for /healthz and readiness while the container starts. */
  startPollMs: number;
  /** Failed periodic checks in a row (container still running) before a restart. */
  unhealthyThreshold: number;
  /** The gateway has been healthy for the hold period. */
  onHeld: () => void;
}

/**
 * Watches one container's health: first until it is ready (/healthz, then readiness, within the start
 * timeout), then periodically, woken early by the engine's events, until it has to be replaced.
 */
export class HealthLoop {
  constructor(
    private readonly checker: GatewayHealthSource,
    private readonly state: GatewayState,
    private readonly events: EngineEvents,
    private readonly clock: Clock,
    private readonly options: HealthLoopOptions,
  ) {}

  async untilReady(container: GatewayContainer, signal: AbortSignal): Promise<void> {
    const { startTimeoutMs } = this.options.settings;
    const deadline = this.clock.monotonic() + startTimeoutMs;
    let healthy = false;
    let last = 'no answer yet';
    for (;;) {
      const check = healthy ? 'readiness' : 'health';
      const result = await this.checker.check(check, container.origin, signal);
      if (signal.aborted) throw new SwitchyardError('CANCELLED', 'gateway start cancelled');
      if (result.ok) {
        this.state.recordHealth(result, true);
        if (healthy) return;
        healthy = true;
        continue;
      }
      last = result.error ?? `${check} failed`;
      const exit = await container.exitReason(signal);
      if (exit) throw new SwitchyardError('CONTAINER_FAILED', `gateway ${exit}`, { retryable: true, details: { reason: 'exited' } });
      const remaining = deadline - this.clock.monotonic();
      if (remaining <= 0) {
        throw new SwitchyardError('HEALTH_CHECK_FAILED', `gateway was not ready within ${startTimeoutMs / 1000} s (${last})`, {
          retryable: true,
          details: { reason: 'start_timeout' },
        });
      }
      await this.events.waitForWake(Math.min(this.options.startPollMs, remaining), signal);
    }
  }

  /** Supervises a ready gateway; returns why it has to be replaced. */
  async watch(container: GatewayContainer, signal: AbortSignal): Promise<string> {
    const { healthIntervalMs, recoveryHoldMs } = this.options.settings;
    const readyAt = this.clock.monotonic();
    let held = false;
    let failed = 0;
    for (;;) {
      const untilHold = held ? Infinity : recoveryHoldMs - (this.clock.monotonic() - readyAt);
      const events = await this.events.waitForWake(Math.max(0, Math.min(healthIntervalMs, untilHold)), signal);
      if (signal.aborted) throw new SwitchyardError('CANCELLED', 'supervision stopped');
      if (events.length > 0) {
        // Stop sending traffic at once; the details (exit code, last output) follow in the restart event.
        const died = events.find((e) => e.action === 'die' || e.action === 'oom');
        if (died) {
          const code = died.exitCode !== undefined ? ` (exit code ${died.exitCode})` : '';
          this.state.transition('unhealthy', `container ${died.action === 'oom' ? 'ran out of memory' : 'died'}${code}`);
        }
        const exit = await container.exitReason(signal);
        if (exit) {
          this.state.transition('unhealthy', exit);
          return exit;
        }
      }
      const result = await this.checker.check('health', container.origin, signal);
      if (signal.aborted) throw new SwitchyardError('CANCELLED', 'supervision stopped');
      this.state.recordHealth(result, false);
      if (!result.ok) {
        const exit = await container.exitReason(signal);
        if (exit) {
          this.state.transition('unhealthy', exit);
          return exit;
        }
        failed += 1;
        const reason = `health check failed ${failed} time(s) in a row: ${result.error ?? 'unknown'}`;
        this.state.transition('unhealthy', reason);
        if (failed >= this.options.unhealthyThreshold) return reason;
        continue;
      }
      failed = 0;
      if (this.state.phase === 'unhealthy') this.state.transition('ready', 'health check passed again');
      if (!held && this.clock.monotonic() - readyAt >= recoveryHoldMs) {
        held = true;
        this.options.onHeld();
      }
    }
  }
}
