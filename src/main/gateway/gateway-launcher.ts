import { join } from 'node:path';
import type { PlanoEmbeddedConfig, SwitchyardConfig } from '../../shared/config';
import { DEFAULT_PLANO_PORT } from '../../shared/config-schema';
import { SwitchyardError } from '../../shared/errors';
import type { Logger } from '../logging/logger';
import type { Clock } from '../timing/clock';
import type { ContainerEngine, ManagedContainerInfo } from './container-engine';
import { buildContainerSpec, CONFIG_HASH_LABEL, isHostNetwork, PORT_LABEL } from './container-spec';
import { desiredGateway, writeGatewayConfig, type DesiredGateway } from './gateway-config-file';
import { GatewayContainer } from './gateway-container';
import { asSwitchyardError, nameInUseError, portInUseError } from './gateway-errors';
import type { GatewayState, SupervisorEvents } from './gateway-state';
import type { GatewayHealthSource, HealthLoop } from './health-loop';
import type { LogBuffer } from './log-buffer';
import { generatePlanoConfig } from './plano-config';
import type { PortProbe } from './ports';
import type { TypedEmitter } from './typed-emitter';

export interface LaunchSettings {
  stopTimeoutSec: number;
  /** Extra `host:container[:ro]` binds, e.g. for a locally built stand-in image. */
  extraBinds: string[];
  /** HostConfig.Init: an init process as PID 1. */
  init: boolean;
  /** Stream CPU/memory samples while ready. */
  stats: boolean;
  /** Where plano_config.yaml is written; the engine must be able to bind-mount it. */
  workDir: string;
}

export interface LaunchParts {
  config: SwitchyardConfig;
  engine: ContainerEngine;
  checker: GatewayHealthSource;
  health: HealthLoop;
  ports: PortProbe;
  state: GatewayState;
  events: TypedEmitter<SupervisorEvents>;
  logBuffer: LogBuffer;
  clock: Clock;
  logger: Logger;
  /** The container became ready: start waiters may go. */
  onReady: () => void;
}

/**
 * Brings a gateway container up — adopting a healthy leftover with the same config, else removing
 * leftovers, pulling the image, writing the config, creating and starting the container and waiting for it
 * to be ready — and keeps the one current container until it is discarded.
 */
export class GatewayLauncher {
  current: GatewayContainer | null = null;
  readonly #settings: PlanoEmbeddedConfig;
  #lastPort: number | undefined;
  #yaml = '';

  constructor(
    private readonly parts: LaunchParts,
    private readonly launch: LaunchSettings,
  ) {
    this.#settings = parts.config.routing.planoEmbedded;
  }

  get configPath(): string {
    return join(this.launch.workDir, 'plano_config.yaml');
  }

  /** The plano_config.yaml the gateway runs with (a preview on the default port before the first start). */
  configYaml(): string {
    if (this.#yaml) return this.#yaml;
    const port = typeof this.#settings.port === 'number' ? this.#settings.port : DEFAULT_PLANO_PORT;
    return generatePlanoConfig(this.parts.config, { listenerPort: port, hostNetwork: isHostNetwork(this.#settings.network) }).yaml;
  }

  async bringUp(signal: AbortSignal, allowAdopt: boolean): Promise<GatewayContainer> {
    const { engine, state } = this.parts;
    const checkAbort = (): void => {
      if (signal.aborted) throw new SwitchyardError('CANCELLED', 'gateway start cancelled');
    };
    await this.#pingEngine(signal);
    checkAbort();
    const desired = desiredGateway(this.parts.config, this.launch);
    for (const leftover of await engine.listManaged(this.#settings.containerName)) {
      checkAbort();
      if (!leftover.managed) throw nameInUseError(this.#settings.containerName);
      if (allowAdopt) {
        const adopted = await this.#tryAdopt(leftover, desired, signal);
        if (adopted) return adopted;
      }
      await engine.removeContainer(leftover.id);
      const why = !allowAdopt ? 'replacing it' : !leftover.running ? 'it was not running' : leftover.labels[CONFIG_HASH_LABEL] !== desired.hash ? 'its config differs' : 'it was not healthy';
      state.record('cleanup', `removed leftover container ${leftover.id.slice(0, 12)} (${why})`);
    }
    checkAbort();
    const image = this.#settings.image;
    if (!(await engine.hasImage(image))) {
      state.transition('pulling', `image ${image} is not present; pulling it`);
      await engine.pullImage(image, (progress) => this.parts.events.emit('pull', progress), signal);
      checkAbort();
      state.record('pull', `pulled ${image}`);
    }
    state.transition('creating', `creating container ${this.#settings.containerName} from ${image}`);
    const port = await this.#resolvePort();
    checkAbort();
    this.#yaml = writeGatewayConfig(this.parts.config, this.configPath, desired.containerPort(port));
    const spec = buildContainerSpec({
      name: this.#settings.containerName,
      image,
      hostPort: port,
      containerPort: desired.containerPort(port),
      configPath: this.configPath,
      network: this.#settings.network,
      env: desired.env,
      extraBinds: this.launch.extraBinds,
      init: this.launch.init,
      configHash: desired.hash,
      extraHosts: desired.extraHosts,
    });
    const container = this.#track(await engine.createContainer(spec), port);
    checkAbort();
    try {
      await engine.startContainer(container.id);
    } catch (error) {
      if (/address already in use|port is already allocated/i.test(asSwitchyardError(error).message)) throw portInUseError(port);
      throw error;
    }
    state.containerStarted();
    this.#followLogs(container);
    state.transition('starting', `container ${container.shortId} started on 127.0.0.1:${port}; waiting for ${this.#settings.healthEndpoint} then ${this.#settings.readinessEndpoint}`);
    await this.parts.health.untilReady(container, signal);
    this.#becomeReady(container, `gateway ready on 127.0.0.1:${port}`);
    return container;
  }

  /** Removes the current container (see GatewayContainer.discard). */
  async discard(graceful: boolean): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = null;
    this.parts.state.containerGone();
    await current.discard(graceful, this.launch.stopTimeoutSec, this.parts.logger);
  }

  /** Stops following the current container but leaves it running (hand-over to another supervisor). */
  release(): void {
    this.current?.letGo();
    this.current = null;
  }

  async #pingEngine(signal: AbortSignal): Promise<void> {
    const { engine, state } = this.parts;
    try {
      const info = await engine.ping(signal);
      const version = info.version ?? state.engineVersion;
      state.engineAnswered(engine.endpoint, version);
      if (!version) void this.#fetchEngineVersion();
    } catch (error) {
      state.engineUnreachable(engine.endpoint, asSwitchyardError(error).message);
      throw error;
    }
  }

  async #fetchEngineVersion(): Promise<void> {
    const version = await this.parts.engine.version().catch(() => undefined);
    if (version) this.parts.state.engineVersionKnown(version);
  }

  async #tryAdopt(leftover: ManagedContainerInfo, desired: DesiredGateway, signal: AbortSignal): Promise<GatewayContainer | undefined> {
    const port = Number(leftover.labels[PORT_LABEL]);
    if (!leftover.running || leftover.labels[CONFIG_HASH_LABEL] !== desired.hash || !Number.isInteger(port) || port <= 0) return undefined;
    this.#yaml = writeGatewayConfig(this.parts.config, this.configPath, desired.containerPort(port));
    const origin = `http://127.0.0.1:${port}`;
    const health = await this.parts.checker.check('health', origin, signal);
    const readiness = health.ok ? await this.parts.checker.check('readiness', origin, signal) : health;
    if (!readiness.ok) return undefined;
    this.parts.state.recordHealth(readiness, true);
    const container = this.#track(leftover.id, port);
    this.#followLogs(container);
    this.parts.state.record('adopt', `adopted running container ${container.shortId} from an earlier run (same config) on 127.0.0.1:${port}`);
    this.#becomeReady(container, 'adopted gateway is ready');
    return container;
  }

  #becomeReady(container: GatewayContainer, reason: string): void {
    const { state, events, clock } = this.parts;
    container.ready = true;
    state.containerReady(reason);
    this.parts.onReady();
    if (this.launch.stats) container.streamStats((sample) => events.emit('stats', { at: clock.now(), ...sample }));
  }

  async #resolvePort(): Promise<number> {
    const setting = this.#settings.port;
    const { ports } = this.parts;
    if (setting !== 'auto') {
      if (!(await ports.isFree(setting))) throw portInUseError(setting);
      return setting;
    }
    // Keep the previous port across restarts when it is still free, so the endpoint stays stable.
    if (this.#lastPort !== undefined && (await ports.isFree(this.#lastPort))) return this.#lastPort;
    return ports.findFree();
  }

  #track(id: string, port: number): GatewayContainer {
    const container = new GatewayContainer(id, port, this.parts.engine, this.parts.clock);
    this.current = container;
    this.#lastPort = port;
    this.parts.state.containerCreated(id, port);
    return container;
  }

  #followLogs(container: GatewayContainer): void {
    const { events, logBuffer, clock } = this.parts;
    container.followLogs((stream, text) => events.emit('log', logBuffer.push(stream, text, clock.now())));
  }
}
