import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import type { GatewayPhase, GatewayStatus, LogLine } from '../../shared/gateway';
import { nullLogger, type Logger } from '../logging/logger';
import { systemClock, type Clock } from '../timing/clock';
import type { ContainerEngine } from './container-engine';
import { DockerEngine } from './docker-engine';
import { EngineEvents } from './engine-events';
import { asSwitchyardError } from './gateway-errors';
import { GatewayLauncher } from './gateway-launcher';
import { GatewayState, type SupervisorEvents } from './gateway-state';
import { HealthChecker } from './health-checker';
import { HealthLoop, type GatewayHealthSource } from './health-loop';
import { LogBuffer } from './log-buffer';
import { PlanoModelMap } from './plano-model-map';
import { loopbackPorts, type PortProbe } from './ports';
import { RestartPolicy } from './restart-policy';
import { TypedEmitter } from './typed-emitter';

export type { GatewayHealthSource } from './health-loop';

export interface GatewaySupervisorOptions {
  config: SwitchyardConfig;
  /** Defaults to the engine at `plano_embedded.docker_host` (or DOCKER_HOST, or the default socket). */
  engine?: ContainerEngine;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  /** HTTP dispatcher for the health checks (ignored when `healthChecker` is given). */
  dispatcher?: Dispatcher;
  healthChecker?: GatewayHealthSource;
  ports?: PortProbe;
  /** Where plano_config.yaml is written (default ~/.switchyard/gateway/<container>); the engine must be able to bind-mount it. */
  workDir?: string;
  /** Extra `host:container[:ro]` binds, e.g. for a locally built stand-in image. */
  extraBinds?: string[];
  /** HostConfig.Init: an init process as PID 1 (needs catatonit/tini on the engine). */
  init?: boolean;
  /** Grace period for `stop` before the engine kills the gateway. */
  stopTimeoutSec?: number;
  restartBackoff?: { baseMs: number; maxMs: number };
  /** Poll period for /healthz and readiness while the container starts. */
  startPollMs?: number;
  /** Failed periodic checks in a row (container still running) before a restart. */
  unhealthyThreshold?: number;
  healthTimeoutMs?: number;
  logCapacity?: number;
  /** Stream CPU/memory samples while ready. */
  stats?: boolean;
}

/**
 * Runs embedded Plano and keeps it alive: Initialize → image (pull) → config → create → start → /healthz →
 * readiness → ready; then periodic checks plus the engine's event stream, restarts with backoff, fallback
 * after `max_restarts` failed restarts, background recovery, and a hold period before traffic returns.
 * Public operations are serialized; `close()` cancels whatever is in flight and removes the container.
 *
 * Composed of parts with their own jobs: GatewayState (the status and its events), GatewayLauncher
 * (bringing a container up, the current container), HealthLoop (until ready, then periodic checks),
 * EngineEvents (the engine's event stream and early wake-ups) and RestartPolicy (restart, give up,
 * recover). This class runs the loop that joins them and answers the public API.
 */
export class GatewaySupervisor {
  readonly #options: GatewaySupervisorOptions;
  readonly #events = new TypedEmitter<SupervisorEvents>();
  readonly #state: GatewayState;
  readonly #launcher: GatewayLauncher;
  readonly #engineEvents: EngineEvents;
  readonly #health: HealthLoop;
  readonly #restarts: RestartPolicy;
  readonly #checker: GatewayHealthSource;
  readonly #logBuffer: LogBuffer;
  readonly #logger: Logger;
  #run: AbortController | null = null;
  #loopDone: Promise<void> = Promise.resolve();
  #settled = true;
  #settleWaiters: (() => void)[] = [];
  #chain: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | null = null;
  #models: PlanoModelMap | undefined;

  constructor(options: GatewaySupervisorOptions) {
    this.#options = options;
    const settings = options.config.routing.planoEmbedded;
    const engine = options.engine ?? DockerEngine.fromHost(settings.dockerHost);
    const clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? nullLogger;
    this.#state = new GatewayState(clock, this.#logger, this.#events, {
      image: settings.image,
      containerName: settings.containerName,
      maxRestarts: settings.maxRestarts,
      endpoint: engine.endpoint,
    });
    this.#logBuffer = new LogBuffer(options.logCapacity ?? 1000);
    this.#checker =
      options.healthChecker ??
      new HealthChecker({
        clock,
        timeoutMs: options.healthTimeoutMs ?? 2000,
        healthPath: settings.healthEndpoint,
        readinessPath: settings.readinessEndpoint,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
    this.#engineEvents = new EngineEvents(engine, clock, this.#logger, () => this.#launcher.current);
    this.#restarts = new RestartPolicy(this.#state, clock, {
      maxRestarts: settings.maxRestarts,
      recoveryHoldMs: settings.recoveryHoldMs,
      backoff: options.restartBackoff ?? { baseMs: 500, maxMs: 30_000 },
      fallback: this.fallbackEnabled,
      random: options.random ?? Math.random,
      onGaveUp: () => this.#settle(),
    });
    this.#health = new HealthLoop(this.#checker, this.#state, this.#engineEvents, clock, {
      settings,
      startPollMs: options.startPollMs ?? 250,
      unhealthyThreshold: Math.max(1, options.unhealthyThreshold ?? 2),
      onHeld: () => this.#restarts.held(),
    });
    this.#launcher = new GatewayLauncher(
      { config: options.config, engine, checker: this.#checker, health: this.#health, ports: options.ports ?? loopbackPorts, state: this.#state, events: this.#events, logBuffer: this.#logBuffer, clock, logger: this.#logger, onReady: () => this.#settle() },
      {
        stopTimeoutSec: options.stopTimeoutSec ?? 5,
        extraBinds: options.extraBinds ?? [],
        init: options.init ?? false,
        stats: options.stats ?? true,
        // Not /tmp: a predictable shared path there could be prepared by another local user.
        workDir: options.workDir ?? join(homedir(), '.switchyard', 'gateway', settings.containerName),
      },
    );
  }

  on<K extends keyof SupervisorEvents>(event: K, listener: (payload: SupervisorEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  get phase(): GatewayPhase {
    return this.#state.phase;
  }

  status(): GatewayStatus {
    return this.#state.status();
  }

  /** The gateway's origin (http://127.0.0.1:PORT) while a container exists. */
  get origin(): string | undefined {
    return this.#launcher.current?.origin;
  }

  get configPath(): string {
    return this.#launcher.configPath;
  }

  /** The gateway's name for each (provider, model) its config routes. */
  get models(): PlanoModelMap {
    return (this.#models ??= new PlanoModelMap(this.#options.config));
  }

  /** Fallback is on only when both the embedded setting and the global switch allow it. */
  get fallbackEnabled(): boolean {
    const routing = this.#options.config.routing;
    return routing.planoEmbedded.fallback && routing.enableFallback;
  }

  /** True when requests should go through the gateway. */
  acceptsTraffic(): boolean {
    return this.#state.phase === 'ready' && !this.#state.fallbackActive && this.#launcher.current !== null;
  }

  /** Why the gateway is not taking traffic, for the route trace. */
  unavailableReason(): string {
    return this.#state.unavailableReason();
  }

  /** Resolves once the gateway takes traffic or has settled as failed or stopped (or the signal aborts). */
  async whenSettled(signal?: AbortSignal): Promise<void> {
    // Idle counts as settled only when no start is on its way.
    const settled = (): boolean => this.acceptsTraffic() || this.phase === 'failed' || this.phase === 'stopped' || (this.phase === 'idle' && this.#settled);
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
    return this.#logBuffer.since(sinceSeq);
  }

  /** The plano_config.yaml the gateway runs with (a preview on the default port before the first start). */
  configYaml(): string {
    return this.#launcher.configYaml();
  }

  /** Starts supervision; resolves once the gateway is ready, or has failed (fallback), or was stopped. */
  async start(): Promise<GatewayStatus> {
    // Requests that arrive before the launch below wait for this start (see whenSettled).
    if (!this.#run && !this.#closing) this.#settled = false;
    await this.#serialize(async () => {
      if (this.#closing) throw new SwitchyardError('CANCELLED', 'the gateway supervisor is closed');
      if (!this.#run) this.#launch();
    });
    await this.#waitSettled();
    return this.status();
  }

  /** Stops supervision and removes the container; Direct serves meanwhile if fallback is on. */
  async stop(): Promise<GatewayStatus> {
    await this.#serialize(() => this.#halt('stopped by request'));
    return this.status();
  }

  async restart(): Promise<GatewayStatus> {
    await this.#serialize(async () => {
      if (this.#closing) throw new SwitchyardError('CANCELLED', 'the gateway supervisor is closed');
      await this.#halt('restart requested');
      this.#launch();
    });
    await this.#waitSettled();
    return this.status();
  }

  /** Asks for an immediate check (e.g. a request could not connect); a dead container is noticed at once. */
  checkNow(): void {
    this.#engineEvents.nudge();
  }

  /**
   * Stops supervising but leaves the container running, as a crashed app would: the next supervisor with
   * the same config adopts it. Used for hand-over and to exercise startup hygiene.
   */
  async detach(): Promise<void> {
    await this.#serialize(async () => {
      const run = this.#run;
      this.#run = null;
      run?.abort();
      this.#engineEvents.wake();
      await this.#loopDone;
      this.#launcher.release();
      this.#state.transition('stopped', 'detached; the container keeps running');
      this.#settle();
    });
  }

  /** Stops and removes the container, cancels in-flight work; safe to call any number of times. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#serialize(() => this.#halt('closing'));
      await this.#checker.close();
    })();
    return this.#closing;
  }

  #serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn, fn);
    this.#chain = next.catch(() => {});
    return next;
  }

  #launch(): void {
    const run = new AbortController();
    this.#run = run;
    this.#settled = false;
    this.#restarts.reset();
    void this.#engineEvents.follow(run.signal);
    this.#loopDone = this.#runLoop(run.signal).catch((error: unknown) => {
      this.#logger.log('error', 'gateway.loop_crashed', { error: String(error) });
    });
  }

  #waitSettled(): Promise<void> {
    if (this.#settled) return Promise.resolve();
    return new Promise((resolve) => this.#settleWaiters.push(resolve));
  }

  #settle(): void {
    this.#settled = true;
    for (const waiter of this.#settleWaiters.splice(0)) waiter();
  }

  async #halt(reason: string): Promise<void> {
    const run = this.#run;
    this.#run = null;
    const active = run !== null || this.#launcher.current !== null;
    if (run) {
      run.abort();
      this.#engineEvents.wake();
    }
    if (active) this.#state.transition('stopping', reason);
    await this.#loopDone;
    await this.#launcher.discard(true);
    this.#state.supervisionOver();
    if (active || this.#state.phase !== 'idle') this.#state.transition('stopped', reason);
    this.#settle();
  }

  async #runLoop(signal: AbortSignal): Promise<void> {
    let allowAdopt = true;
    while (!signal.aborted) {
      let reason: string;
      let retryable = true;
      let code: string | undefined;
      try {
        const container = await this.#launcher.bringUp(signal, allowAdopt);
        reason = await this.#health.watch(container, signal);
      } catch (error) {
        if (signal.aborted) break;
        const e = asSwitchyardError(error);
        reason = e.message;
        retryable = e.retryable;
        code = e.code;
        this.#state.failed(e);
      }
      allowAdopt = false;
      if (signal.aborted) break;
      if (code === 'CONFIG_INVALID') {
        // Raised before any container; only a new config (a new supervisor) can change it: no recovery.
        this.#restarts.giveUp(reason, false, code);
        break;
      }
      await this.#launcher.discard(false);
      await this.#restarts.afterFailure(reason, retryable, signal);
    }
  }
}
