import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import type { PlanoEmbeddedConfig, SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import type { HealthResult } from '../../shared/gateway';
import { nullLogger, type Logger } from '../logging/logger';
import { pause, systemClock, type Clock } from '../timing/clock';
import type { ContainerEngine, EngineEvent, ManagedContainerInfo } from './container-engine';
import { buildContainerSpec, CONFIG_HASH_LABEL, PORT_LABEL } from './container-spec';
import { DockerEngine } from './docker-engine';
import { HealthChecker } from './health-checker';
import { LogBuffer } from './log-buffer';
import { desiredGateway, writeGatewayConfig } from './gateway-config-file';
import { asSwitchyardError, nameInUseError, portInUseError } from './gateway-errors';
import { loopbackPorts, type PortProbe } from './ports';
import { SupervisorState } from './supervisor-state';

export interface GatewayHealthSource {
  check(check: HealthResult['check'], origin: string, signal?: AbortSignal): Promise<HealthResult>;
  close(): Promise<void>;
}

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

interface CurrentContainer {
  id: string;
  port: number;
  /** It passed its readiness check: it has a gateway worth stopping gracefully. */
  ready: boolean;
  logs: AbortController;
  logsDone: Promise<void>;
  stats?: AbortController;
  recent: string[];
}

const short = (id: string): string => id.slice(0, 12);


/**
 * The steps of one gateway's life, used by GatewaySupervisor's loop: bring a container up (adopting a
 * healthy leftover, pulling, writing the config, creating, starting, waiting for health then readiness),
 * and watch a ready one until it has to be replaced.
 */
export abstract class GatewayLifecycle extends SupervisorState {
  readonly settings: PlanoEmbeddedConfig;
  protected readonly engine: ContainerEngine;
  protected readonly checker: GatewayHealthSource;
  protected readonly ports: PortProbe;
  protected readonly logBuffer: LogBuffer;
  protected readonly workDir: string;
  protected readonly opts: Required<Pick<GatewaySupervisorOptions, 'stopTimeoutSec' | 'restartBackoff' | 'startPollMs' | 'unhealthyThreshold' | 'stats' | 'init' | 'extraBinds'>>;
  protected current: CurrentContainer | null = null;
  protected lastPort: number | undefined;
  protected pending: EngineEvent[] = [];
  protected wake: () => void = () => {};
  protected yaml = '';

  constructor(protected readonly options: GatewaySupervisorOptions) {
    const settings = options.config.routing.planoEmbedded;
    const engine = options.engine ?? DockerEngine.fromHost(settings.dockerHost);
    super(options.clock ?? systemClock, options.logger ?? nullLogger, {
      image: settings.image,
      containerName: settings.containerName,
      maxRestarts: settings.maxRestarts,
      endpoint: engine.endpoint,
    });
    this.settings = settings;
    this.engine = engine;
    this.ports = options.ports ?? loopbackPorts;
    this.logBuffer = new LogBuffer(options.logCapacity ?? 1000);
    // Not /tmp: a predictable shared path there could be prepared by another local user.
    this.workDir = options.workDir ?? join(homedir(), '.switchyard', 'gateway', settings.containerName);
    const healthTimeoutMs = options.healthTimeoutMs ?? 2000;
    this.checker =
      options.healthChecker ??
      new HealthChecker({
        clock: this.clock,
        timeoutMs: healthTimeoutMs,
        healthPath: settings.healthEndpoint,
        readinessPath: settings.readinessEndpoint,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
    this.opts = {
      stopTimeoutSec: options.stopTimeoutSec ?? 5,
      restartBackoff: options.restartBackoff ?? { baseMs: 500, maxMs: 30_000 },
      startPollMs: options.startPollMs ?? 250,
      unhealthyThreshold: Math.max(1, options.unhealthyThreshold ?? 2),
      stats: options.stats ?? true,
      init: options.init ?? false,
      extraBinds: options.extraBinds ?? [],
    };
  }

  /** Start waiters are released (ready, failed or stopped). */
  protected abstract settle(): void;
  /** The gateway has been healthy for the hold period. */
  protected abstract onHeld(): void;

  /** The gateway's origin (http://127.0.0.1:PORT) while a container exists. */
  get origin(): string | undefined {
    return this.current ? `http://127.0.0.1:${this.current.port}` : undefined;
  }

  get configPath(): string {
    return join(this.workDir, 'plano_config.yaml');
  }

  protected async bringUp(signal: AbortSignal, allowAdopt: boolean): Promise<void> {
    const checkAbort = (): void => {
      if (signal.aborted) throw new SwitchyardError('CANCELLED', 'gateway start cancelled');
    };
    try {
      const info = await this.engine.ping(signal);
      const version = info.version ?? this.state.engine.version;
      this.state.engine = { reachable: true, endpoint: this.engine.endpoint, ...(version ? { version } : {}) };
      if (!version) void this.fetchEngineVersion();
    } catch (error) {
      this.state.engine = { reachable: false, endpoint: this.engine.endpoint, error: asSwitchyardError(error).message };
      throw error;
    }
    checkAbort();
    const desired = desiredGateway(this.options.config, this.opts);
    for (const leftover of await this.engine.listManaged(this.settings.containerName)) {
      checkAbort();
      if (!leftover.managed) {
        throw nameInUseError(this.settings.containerName);
      }
      if (allowAdopt && (await this.tryAdopt(leftover, desired, signal))) return;
      await this.engine.removeContainer(leftover.id);
      const why = !allowAdopt ? 'replacing it' : !leftover.running ? 'it was not running' : leftover.labels[CONFIG_HASH_LABEL] !== desired.hash ? 'its config differs' : 'it was not healthy';
      this.record('cleanup', `removed leftover container ${short(leftover.id)} (${why})`);
    }
    checkAbort();
    const image = this.settings.image;
    if (!(await this.engine.hasImage(image))) {
      this.transition('pulling', `image ${image} is not present; pulling it`);
      await this.engine.pullImage(image, (progress) => this.emit('pull', progress), signal);
      checkAbort();
      this.record('pull', `pulled ${image}`);
    }
    this.transition('creating', `creating container ${this.settings.containerName} from ${image}`);
    const port = await this.resolvePort();
    checkAbort();
    this.yaml = writeGatewayConfig(this.options.config, this.configPath, desired.containerPort(port));
    const spec = buildContainerSpec({
      name: this.settings.containerName,
      image,
      hostPort: port,
      containerPort: desired.containerPort(port),
      configPath: this.configPath,
      network: this.settings.network,
      env: desired.env,
      extraBinds: this.opts.extraBinds,
      init: this.opts.init,
      configHash: desired.hash,
      extraHosts: desired.extraHosts,
    });
    const id = await this.engine.createContainer(spec);
    this.track(id, port);
    checkAbort();
    try {
      await this.engine.startContainer(id);
    } catch (error) {
      if (/address already in use|port is already allocated/i.test(asSwitchyardError(error).message)) throw portInUseError(port);
      throw error;
    }
    this.state.startedAt = this.clock.now();
    this.followLogs();
    this.transition('starting', `container ${short(id)} started on 127.0.0.1:${port}; waiting for ${this.settings.healthEndpoint} then ${this.settings.readinessEndpoint}`);
    await this.waitUntilReady(signal);
    this.becomeReady(`gateway ready on 127.0.0.1:${port}`);
  }

  protected async fetchEngineVersion(): Promise<void> {
    const version = await this.engine.version().catch(() => undefined);
    if (!version || !this.state.engine.reachable) return;
    this.state.engine.version = version;
    this.emit('status', this.status());
  }

  protected async tryAdopt(leftover: ManagedContainerInfo, desired: { hash: string; containerPort: (p: number) => number }, signal: AbortSignal): Promise<boolean> {
    const port = Number(leftover.labels[PORT_LABEL]);
    if (!leftover.running || leftover.labels[CONFIG_HASH_LABEL] !== desired.hash || !Number.isInteger(port) || port <= 0) return false;
    this.yaml = writeGatewayConfig(this.options.config, this.configPath, desired.containerPort(port));
    const origin = `http://127.0.0.1:${port}`;
    const health = await this.checker.check('health', origin, signal);
    const readiness = health.ok ? await this.checker.check('readiness', origin, signal) : health;
    if (!readiness.ok) return false;
    this.recordHealth(readiness, true);
    this.track(leftover.id, port);
    this.followLogs();
    this.record('adopt', `adopted running container ${short(leftover.id)} from an earlier run (same config) on 127.0.0.1:${port}`);
    this.becomeReady('adopted gateway is ready');
    return true;
  }

  protected becomeReady(reason: string): void {
    if (this.current) this.current.ready = true;
    this.state.readySince = this.clock.now();
    this.transition('ready', reason);
    this.settle();
    const current = this.current;
    if (current && this.opts.stats) {
      const stats = new AbortController();
      current.stats = stats;
      void this.engine
        .streamStats(current.id, (sample) => this.emit('stats', { at: this.clock.now(), ...sample }), stats.signal)
        .catch(() => {});
    }
  }

  protected async resolvePort(): Promise<number> {
    const setting = this.settings.port;
    if (setting !== 'auto') {
      if (!(await this.ports.isFree(setting))) throw portInUseError(setting);
      return setting;
    }
    // Keep the previous port across restarts when it is still free, so the endpoint stays stable.
    if (this.lastPort !== undefined && (await this.ports.isFree(this.lastPort))) return this.lastPort;
    return this.ports.findFree();
  }

  protected track(id: string, port: number): void {
    this.current = { id, port, ready: false, logs: new AbortController(), logsDone: Promise.resolve(), recent: [] };
    this.lastPort = port;
    this.state.containerId = id;
    this.state.port = port;
  }

  /** Follows the container's output once it runs (some engines end a follow on a not-yet-started container). */
  protected followLogs(): void {
    const current = this.current;
    if (!current) return;
    current.logsDone = this.engine
      .followLogs(
        current.id,
        (stream, text) => {
          current.recent.push(text);
          if (current.recent.length > 5) current.recent.shift();
          this.emit('log', this.logBuffer.push(stream, text, this.clock.now()));
        },
        current.logs.signal,
      )
      .catch(() => {});
  }

  /**
   * Removes the current container; `graceful` stops it first, but only once it has been ready: a gateway
   * still starting has nothing to shut down, and Plano's entrypoint ignores SIGTERM in its first moments,
   * so a stop would wait out the whole grace period.
   */
  protected async discardContainer(graceful: boolean): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = null;
    this.state.containerId = undefined;
    this.state.readySince = undefined;
    current.stats?.abort();
    current.logs.abort();
    try {
      if (graceful && current.ready) await this.engine.stopContainer(current.id, this.opts.stopTimeoutSec);
      await this.engine.removeContainer(current.id);
    } catch (error) {
      this.logger.log('warn', 'gateway.remove_failed', { id: current.id, error: asSwitchyardError(error).message });
    }
  }

  /** Waits up to `ms` or until an engine event / checkNow() arrives; returns the events. */
  protected async waitForWake(ms: number, signal: AbortSignal): Promise<EngineEvent[]> {
    if (this.pending.length === 0 && !signal.aborted) {
      const woken = new AbortController();
      const onAbort = (): void => woken.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.wake = onAbort;
      await pause(this.clock, ms, woken.signal);
      this.wake = () => {};
      signal.removeEventListener('abort', onAbort);
    }
    return this.pending.splice(0);
  }

  protected onEngineEvent(event: EngineEvent): void {
    const current = this.current;
    if (!current || !(event.containerId.startsWith(current.id) || current.id.startsWith(event.containerId))) return;
    const alarming = event.action === 'die' || event.action === 'oom' || event.action === 'kill' || (event.action === 'health_status' && event.healthStatus === 'unhealthy');
    if (!alarming) return;
    this.pending.push(event);
    this.wake();
  }

  /** Undefined while the container runs; otherwise why it stopped, with its last log lines. */
  protected async exitReason(signal: AbortSignal): Promise<string | undefined> {
    const current = this.current;
    if (!current) return 'container is gone';
    const state = await this.engine.inspectContainer(current.id);
    if (state.running) return undefined;
    // Give the log stream a moment to deliver the last lines (Plano prints why it exited).
    await Promise.race([current.logsDone, pause(this.clock, 250, signal)]);
    const code = state.exitCode !== undefined ? ` with code ${state.exitCode}` : '';
    const oom = state.oomKilled ? ' (out of memory)' : '';
    const tail = current.recent.slice(-2).join(' | ');
    return `container ${state.status === 'removed' ? 'was removed' : `exited${code}${oom}`}${tail ? `; last output: ${tail}` : ''}`;
  }

  protected async waitUntilReady(signal: AbortSignal): Promise<void> {
    const origin = this.origin!;
    const deadline = this.clock.monotonic() + this.settings.startTimeoutMs;
    let healthy = false;
    let last = 'no answer yet';
    for (;;) {
      const check = healthy ? 'readiness' : 'health';
      const result = await this.checker.check(check, origin, signal);
      if (signal.aborted) throw new SwitchyardError('CANCELLED', 'gateway start cancelled');
      if (result.ok) {
        this.recordHealth(result, true);
        if (healthy) return;
        healthy = true;
        continue;
      }
      last = result.error ?? `${check} failed`;
      const exit = await this.exitReason(signal);
      if (exit) throw new SwitchyardError('CONTAINER_FAILED', `gateway ${exit}`, { retryable: true, details: { reason: 'exited' } });
      const remaining = deadline - this.clock.monotonic();
      if (remaining <= 0) {
        throw new SwitchyardError('HEALTH_CHECK_FAILED', `gateway was not ready within ${this.settings.startTimeoutMs / 1000} s (${last})`, {
          retryable: true,
          details: { reason: 'start_timeout' },
        });
      }
      await this.waitForWake(Math.min(this.opts.startPollMs, remaining), signal);
    }
  }

  /** Supervises a ready gateway; returns why it has to be replaced. */
  protected async watch(signal: AbortSignal): Promise<string> {
    const readyAt = this.clock.monotonic();
    let held = false;
    let failed = 0;
    for (;;) {
      const untilHold = held ? Infinity : this.settings.recoveryHoldMs - (this.clock.monotonic() - readyAt);
      const events = await this.waitForWake(Math.max(0, Math.min(this.settings.healthIntervalMs, untilHold)), signal);
      if (signal.aborted) throw new SwitchyardError('CANCELLED', 'supervision stopped');
      if (events.length > 0) {
        // Stop sending traffic at once; the details (exit code, last output) follow in the restart event.
        const died = events.find((e) => e.action === 'die' || e.action === 'oom');
        if (died) {
          const code = died.exitCode !== undefined ? ` (exit code ${died.exitCode})` : '';
          this.transition('unhealthy', `container ${died.action === 'oom' ? 'ran out of memory' : 'died'}${code}`);
        }
        const exit = await this.exitReason(signal);
        if (exit) {
          this.transition('unhealthy', exit);
          return exit;
        }
      }
      const result = await this.checker.check('health', this.origin!, signal);
      if (signal.aborted) throw new SwitchyardError('CANCELLED', 'supervision stopped');
      this.recordHealth(result, false);
      if (!result.ok) {
        const exit = await this.exitReason(signal);
        if (exit) {
          this.transition('unhealthy', exit);
          return exit;
        }
        failed += 1;
        const reason = `health check failed ${failed} time(s) in a row: ${result.error ?? 'unknown'}`;
        this.transition('unhealthy', reason);
        if (failed >= this.opts.unhealthyThreshold) return reason;
        continue;
      }
      failed = 0;
      if (this.state.phase === 'unhealthy') this.transition('ready', 'health check passed again');
      if (!held && this.clock.monotonic() - readyAt >= this.settings.recoveryHoldMs) {
        held = true;
        this.onHeld();
      }
    }
  }
}
