import type { GatewayStatus, LogLine } from '../../shared/gateway';
import { SwitchyardError } from '../../shared/errors';
import { DEFAULT_PLANO_PORT } from '../../shared/config-schema';
import { backoffDelay } from '../timing/backoff';
import { pause } from '../timing/clock';
import { isHostNetwork } from './container-spec';
import { asSwitchyardError } from './gateway-errors';
import { GatewayLifecycle, type GatewaySupervisorOptions } from './gateway-lifecycle';
import { generatePlanoConfig } from './plano-config';
import { PlanoModelMap } from './plano-model-map';

export type { GatewayHealthSource, GatewaySupervisorOptions } from './gateway-lifecycle';

/**
 * Runs embedded Plano and keeps it alive: Initialize → image (pull) → config → create → start → /healthz →
 * readiness → ready; then periodic checks plus the engine's event stream, restarts with backoff, fallback
 * after `max_restarts` failed restarts, background recovery, and a hold period before traffic returns.
 * Public operations are serialized; `close()` cancels whatever is in flight and removes the container.
 */
export class GatewaySupervisor extends GatewayLifecycle {
  private readonly random: () => number;
  private run: AbortController | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private failures = 0;
  private settled = true;
  private settleWaiters: (() => void)[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;
  #models: PlanoModelMap | undefined;

  constructor(options: GatewaySupervisorOptions) {
    super(options);
    this.random = options.random ?? Math.random;
  }

  /** Fallback is on only when both the embedded setting and the global switch allow it. */
  get fallbackEnabled(): boolean {
    return this.settings.fallback && this.options.config.routing.enableFallback;
  }

  /** The gateway's name for each (provider, model) its config routes. */
  get models(): PlanoModelMap {
    return (this.#models ??= new PlanoModelMap(this.options.config));
  }

  /** True when requests should go through the gateway. */
  acceptsTraffic(): boolean {
    return this.state.phase === 'ready' && !this.state.fallbackActive && this.current !== null;
  }

  /** Why the gateway is not taking traffic, for the route trace. */
  unavailableReason(): string {
    if (this.state.fallbackActive && this.state.fallbackReason) {
      return this.state.phase === 'ready' ? `gateway recovering (healthy, in hold period): ${this.state.fallbackReason}` : this.state.fallbackReason;
    }
    const last = this.state.history.at(-1);
    return `gateway is ${this.state.phase}${last ? `: ${last.reason}` : ''}`;
  }

  /** Resolves once the gateway takes traffic or has settled as failed or stopped (or the signal aborts). */
  async whenSettled(signal?: AbortSignal): Promise<void> {
    // Idle counts as settled only when no start is on its way.
    const settled = (): boolean => this.acceptsTraffic() || this.phase === 'failed' || this.phase === 'stopped' || (this.phase === 'idle' && this.settled);
    if (settled() || signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const finish = (): void => {
        off();
        signal?.removeEventListener('abort', finish);
        resolve();
      };
      const off = this.on('status', () => {
        if (settled()) finish();
      });
      signal?.addEventListener('abort', finish, { once: true });
    });
  }

  logs(sinceSeq?: number): LogLine[] {
    return this.logBuffer.since(sinceSeq);
  }

  /** The plano_config.yaml the gateway runs with (a preview on the default port before the first start). */
  configYaml(): string {
    if (this.yaml) return this.yaml;
    const port = typeof this.settings.port === 'number' ? this.settings.port : DEFAULT_PLANO_PORT;
    return generatePlanoConfig(this.options.config, { listenerPort: port, hostNetwork: isHostNetwork(this.settings.network) }).yaml;
  }

  /** Starts supervision; resolves once the gateway is ready, or has failed (fallback), or was stopped. */
  async start(): Promise<GatewayStatus> {
    // Requests that arrive before the launch below wait for this start (see whenSettled).
    if (!this.run && !this.closing) this.settled = false;
    await this.serialize(async () => {
      if (this.closing) throw new SwitchyardError('CANCELLED', 'the gateway supervisor is closed');
      if (!this.run) this.launch();
    });
    await this.waitSettled();
    return this.status();
  }

  /** Stops supervision and removes the container; Direct serves meanwhile if fallback is on. */
  async stop(): Promise<GatewayStatus> {
    await this.serialize(() => this.halt('stopped by request'));
    return this.status();
  }

  async restart(): Promise<GatewayStatus> {
    await this.serialize(async () => {
      if (this.closing) throw new SwitchyardError('CANCELLED', 'the gateway supervisor is closed');
      await this.halt('restart requested');
      this.launch();
    });
    await this.waitSettled();
    return this.status();
  }

  /** Asks for an immediate check (e.g. a request could not connect); a dead container is noticed at once. */
  checkNow(): void {
    this.pending.push({ action: 'check', containerId: this.current?.id ?? '', at: this.clock.now() });
    this.wake();
  }

  /**
   * Stops supervising but leaves the container running, as a crashed app would: the next supervisor with
   * the same config adopts it. Used for hand-over and to exercise startup hygiene.
   */
  async detach(): Promise<void> {
    await this.serialize(async () => {
      const run = this.run;
      this.run = null;
      run?.abort();
      this.wake();
      await this.loopDone;
      this.current?.logs.abort();
      this.current?.stats?.abort();
      this.current = null;
      this.transition('stopped', 'detached; the container keeps running');
      this.settle();
    });
  }

  /** Stops and removes the container, cancels in-flight work; safe to call any number of times. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.serialize(() => this.halt('closing'));
      await this.checker.close();
    })();
    return this.closing;
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => {});
    return next;
  }

  private launch(): void {
    const run = new AbortController();
    this.run = run;
    this.settled = false;
    this.setFailures(0);
    void this.watchEngine(run.signal);
    this.loopDone = this.runLoop(run.signal).catch((error: unknown) => {
      this.logger.log('error', 'gateway.loop_crashed', { error: String(error) });
    });
  }

  private waitSettled(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  protected settle(): void {
    this.settled = true;
    for (const waiter of this.settleWaiters.splice(0)) waiter();
  }

  private async halt(reason: string): Promise<void> {
    const run = this.run;
    this.run = null;
    const active = run !== null || this.current !== null;
    if (run) {
      run.abort();
      this.wake();
    }
    if (active) this.transition('stopping', reason);
    await this.loopDone;
    await this.discardContainer(true);
    // Supervision is over: "fallback" no longer describes anything; the next start begins afresh.
    this.state.fallbackActive = false;
    this.state.fallbackReason = undefined;
    if (active || this.state.phase !== 'idle') this.transition('stopped', reason);
    this.settle();
  }

  private async runLoop(signal: AbortSignal): Promise<void> {
    let allowAdopt = true;
    while (!signal.aborted) {
      let reason: string;
      let retryable = true;
      let code: string | undefined;
      try {
        await this.bringUp(signal, allowAdopt);
        reason = await this.watch(signal);
      } catch (error) {
        if (signal.aborted) break;
        const e = asSwitchyardError(error);
        reason = e.message;
        retryable = e.retryable;
        code = e.code;
        this.state.lastError = { code: e.code, message: e.message };
        this.record('error', `${e.code}: ${e.message}`);
      }
      allowAdopt = false;
      if (signal.aborted) break;
      if (code === 'CONFIG_INVALID') {
        // Raised before any container; only a new config (a new supervisor) can change it: no recovery.
        this.enterFailed(reason, false, code);
        break;
      }
      await this.discardContainer(false);
      this.setFailures(this.failures + 1);
      const { baseMs, maxMs } = this.opts.restartBackoff;
      const delay = backoffDelay(this.failures, baseMs, maxMs, this.random);
      if (!retryable || this.failures > this.settings.maxRestarts) {
        this.enterFailed(reason, retryable);
        await this.awaitRecoveryAttempt(reason, delay, signal);
      } else {
        this.state.restarts += 1;
        this.transition('restarting', reason);
        this.record('restart', `restart ${this.failures}/${this.settings.maxRestarts} in ${delay} ms: ${reason}`);
        await pause(this.clock, delay, signal);
      }
    }
  }

  /** Background recovery: waits, then announces the next attempt; the phase stays `failed` meanwhile. */
  private async awaitRecoveryAttempt(reason: string, delay: number, signal: AbortSignal): Promise<void> {
    const attempt = this.state.recoveryAttempts + 1;
    this.state.recovery = { attempt, step: 'waiting', nextAttemptAt: this.clock.now() + delay };
    this.emit('status', this.status());
    await pause(this.clock, delay, signal);
    if (signal.aborted) return;
    this.state.recoveryAttempts = attempt;
    this.record('restart', `recovery attempt ${attempt} (gateway failed: ${reason})`);
  }

  private setFailures(count: number): void {
    this.failures = count;
    this.state.restartsInRow = Math.min(count, this.settings.maxRestarts);
  }

  private enterFailed(reason: string, retryable: boolean, code = 'CONTAINER_FAILED'): void {
    const why = retryable ? `gave up after ${this.settings.maxRestarts} failed restarts: ${reason}` : reason;
    this.state.lastError = { code, message: why };
    this.transition('failed', why);
    if (this.fallbackEnabled && !this.state.fallbackActive) {
      this.state.fallbackActive = true;
      this.state.fallbacks += 1;
      this.state.fallbackReason = why;
      this.record('fallback', `requests are served by Direct: ${why}`);
    } else if (!this.fallbackEnabled) {
      this.record('error', `CONTAINER_FAILED: ${why} (fallback is off)`);
    }
    this.settle();
  }

  private async watchEngine(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.engine.watchEvents((event) => this.onEngineEvent(event), signal);
      } catch (error) {
        this.logger.log('debug', 'gateway.events_disconnected', { error: asSwitchyardError(error).message });
      }
      // The stream ended (engine restart?): periodic checks cover the gap; reconnect shortly.
      await pause(this.clock, 1000, signal);
    }
  }

  /** Healthy for the hold period: the restart budget refills, and traffic moves back from Direct. */
  protected onHeld(): void {
    this.setFailures(0);
    if (!this.state.fallbackActive) return;
    this.state.fallbackActive = false;
    this.state.fallbackReason = undefined;
    this.state.lastError = undefined;
    this.record('recovery', `gateway healthy for ${this.settings.recoveryHoldMs / 1000} s; requests go through it again`);
  }
}
