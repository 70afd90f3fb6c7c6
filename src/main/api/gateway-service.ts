import type { SwitchyardConfig } from '../../shared/config';
import { DEFAULT_PLANO_PORT } from '../../shared/config-schema';
import { SwitchyardError } from '../../shared/errors';
import type { ContainerDetails, GatewayStatus, LogLine } from '../../shared/gateway';
import { PlanoModelMap } from '../gateway/plano-model-map';
import type { GatewaySupervisor, GatewaySupervisorOptions } from '../gateway/supervisor';
import { TypedEmitter } from '../gateway/typed-emitter';
import { nullLogger, type Logger } from '../logging/logger';
import type { GatewayTarget } from '../routing/gateway-target';
import type { GatewayPort, GatewayPortEvents } from './gateway-port';

type EngineStatus = GatewayStatus['engine'];

export interface GatewayServiceOptions {
  config: () => SwitchyardConfig;
  logger?: Logger;
  /**
   * Supervisor settings that are not in the config file: where plano_config.yaml is written (the app's data
   * folder), and for tests the engine, health checks, ports, extra binds...
   */
  supervisor?: Omit<GatewaySupervisorOptions, 'config' | 'logger'>;
  /** Asks the engine whether it answers, while no supervisor exists. Defaults to a `/_ping`. */
  probeEngine?: (dockerHost: string) => Promise<EngineStatus>;
  /** Inspects a container by id or name on the configured engine. Defaults to dockerode. */
  inspectContainer?: (dockerHost: string, idOrName: string) => Promise<ContainerDetails | undefined>;
}

const ENGINE_PROBE_TTL_MS = 3000;
const ENGINE_PROBE_TIMEOUT_MS = 2000;

/** `GET /_ping` on the configured engine; never throws (an unreachable engine is a status, not an error). */
export async function pingEngine(dockerHost: string): Promise<EngineStatus> {
  let endpoint = dockerHost || 'default';
  try {
    const { DockerEngine } = await import('../gateway/docker-engine');
    const engine = DockerEngine.fromHost(dockerHost);
    endpoint = engine.endpoint;
    await engine.ping(AbortSignal.timeout(ENGINE_PROBE_TIMEOUT_MS));
    return { reachable: true, endpoint };
  } catch (error) {
    return { reachable: false, endpoint, error: error instanceof Error ? error.message : String(error) };
  }
}

async function inspectOnEngine(dockerHost: string, idOrName: string): Promise<ContainerDetails | undefined> {
  const { DockerEngine } = await import('../gateway/docker-engine');
  return DockerEngine.fromHost(dockerHost).inspectDetails(idOrName);
}

async function createSupervisor(options: GatewaySupervisorOptions): Promise<GatewaySupervisor> {
  // The engine client (dockerode) and the config writer load only when a gateway is first wanted.
  const { GatewaySupervisor } = await import('../gateway/supervisor');
  return new GatewaySupervisor(options);
}

/**
 * The embedded gateway as an app service: at most one supervised container, for the current config. It
 * runs while the configured mode is plano_embedded, or from the dashboard's Start until its Stop; a config
 * change stops it and, in embedded mode, starts it afresh with the new config (the old container is gone
 * before the new one is created: they share a name). Embedded routers reach it through `target`, which
 * follows whichever supervisor is current; with none, they see a gateway that is not running.
 */
export class GatewayService extends TypedEmitter<GatewayPortEvents> implements GatewayPort {
  #supervisor: GatewaySupervisor | undefined;
  /** Serializes creating and retiring supervisors, so two never run at once. */
  #chain: Promise<unknown> = Promise.resolve();
  #lastStatus: GatewayStatus | undefined;
  #probe: { host: string; at: number; result: Promise<EngineStatus> } | undefined;
  #models: { config: SwitchyardConfig; map: PlanoModelMap } | undefined;
  #closed = false;
  readonly #logger: Logger;

  /** What embedded routers route through: whichever supervisor is current, or a gateway that is not running. */
  readonly target: GatewayTarget;

  constructor(private readonly options: GatewayServiceOptions) {
    super();
    this.#logger = options.logger ?? nullLogger;
    const current = (): GatewaySupervisor | undefined => this.#supervisor;
    const configModels = (): PlanoModelMap => this.#configModels();
    this.target = {
      get origin() {
        return current()?.origin;
      },
      get models() {
        return current()?.models ?? configModels();
      },
      acceptsTraffic: () => current()?.acceptsTraffic() ?? false,
      unavailableReason: () => current()?.unavailableReason() ?? 'gateway is not running (start it from the Gateway dashboard)',
      whenSettled: async (signal) => {
        // A supervisor being created (or replaced) is waited for before its own settling is.
        await this.#chain;
        await current()?.whenSettled(signal);
      },
      checkNow: () => current()?.checkNow(),
      status: () => current()?.status() ?? { phase: this.#lastStatus?.phase ?? 'idle' },
    };
  }

  /** The configured mode is (or became) plano_embedded: start the gateway in the background. */
  autoStart(): void {
    this.start().catch((error: unknown) => this.#logger.log('warn', 'gateway.start_failed', { error: error instanceof Error ? error.message : String(error) }));
  }

  /** Starts the gateway for the current config; resolves once it is ready, has failed, or was stopped. */
  start(): Promise<GatewayStatus> {
    return this.#drive((supervisor) => supervisor.start());
  }

  /** Stops and removes the container; the supervisor stays, with its history, for the dashboard. */
  async stop(): Promise<GatewayStatus> {
    // After a start that is still creating its supervisor, so a quick Start then Stop leaves nothing running.
    await this.#serialize(async () => this.#supervisor?.stop());
    return this.status();
  }

  restart(): Promise<GatewayStatus> {
    return this.#drive((supervisor) => supervisor.restart());
  }

  /**
   * Settings or keys changed: the running gateway (if any) is stopped and removed; in embedded mode a new
   * one starts with the new config.
   */
  configChanged(): void {
    void this.#serialize(() => this.#retire());
    if (this.options.config().routing.mode === 'plano_embedded') this.autoStart();
  }

  async status(): Promise<GatewayStatus> {
    if (this.#supervisor) return this.#supervisor.status();
    const settings = this.options.config().routing.planoEmbedded;
    const base: GatewayStatus = this.#lastStatus ?? {
      phase: 'idle',
      engine: { reachable: false, endpoint: settings.dockerHost || 'default' },
      image: settings.image,
      containerName: settings.containerName,
      restarts: 0,
      restartsInRow: 0,
      maxRestarts: settings.maxRestarts,
      recoveryAttempts: 0,
      fallbacks: 0,
      fallbackActive: false,
      history: [],
    };
    // No supervisor yet: the dashboard still needs to know whether Start can work, so ask the engine.
    const engine = await this.#engineStatus(settings.dockerHost);
    return { ...base, engine, image: settings.image, containerName: settings.containerName, fallbackActive: false };
  }

  logs(sinceSeq?: number): LogLine[] {
    return this.#supervisor?.logs(sinceSeq) ?? [];
  }

  /** Asked of the engine directly (by id when known, else by the configured name), so it works in any phase. */
  async inspect(): Promise<ContainerDetails | undefined> {
    const settings = this.options.config().routing.planoEmbedded;
    const status = await this.status();
    if (!status.engine.reachable) return undefined;
    return (this.options.inspectContainer ?? inspectOnEngine)(settings.dockerHost, status.containerId ?? status.containerName);
  }

  async generatedConfig(): Promise<string> {
    if (this.#supervisor) return this.#supervisor.configYaml();
    const config = this.options.config();
    const settings = config.routing.planoEmbedded;
    try {
      const [{ generatePlanoConfig }, { isHostNetwork }] = await Promise.all([import('../gateway/plano-config'), import('../gateway/container-spec')]);
      return generatePlanoConfig(config, {
        listenerPort: typeof settings.port === 'number' ? settings.port : DEFAULT_PLANO_PORT,
        hostNetwork: isHostNetwork(settings.network),
      }).yaml;
    } catch (error) {
      this.#logger.log('warn', 'gateway.config_preview_failed', { error: String(error) });
      return `# the gateway config cannot be generated yet: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  /** Quit: stops and removes the container. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#serialize(() => this.#retire());
  }

  #serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn, fn);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Has the current supervisor (created on first need) act. Only creating it and asking are serialized;
   * waiting for the outcome is not, so a config change or quit meanwhile cancels a start rather than
   * waiting behind it.
   */
  async #drive(act: (supervisor: GatewaySupervisor) => Promise<unknown>): Promise<GatewayStatus> {
    const { outcome } = await this.#serialize(async () => ({ outcome: act(await this.#current()) }));
    await outcome;
    return this.status();
  }

  /** The supervisor for the current config, created on first need. */
  async #current(): Promise<GatewaySupervisor> {
    if (this.#closed) throw new SwitchyardError('CANCELLED', 'the app is closing');
    if (this.#supervisor) return this.#supervisor;
    const config = this.options.config();
    const supervisor = await createSupervisor({ ...this.options.supervisor, config, logger: this.#logger });
    this.#follow(supervisor);
    this.#supervisor = supervisor;
    return supervisor;
  }

  async #retire(): Promise<void> {
    const supervisor = this.#supervisor;
    if (!supervisor) return;
    this.#supervisor = undefined;
    this.#lastStatus = supervisor.status();
    await supervisor.close();
  }

  /** Forwards a supervisor's events; a retired one is followed until it has stopped, so the dashboard sees the shutdown. */
  #follow(supervisor: GatewaySupervisor): void {
    const forward = <K extends keyof GatewayPortEvents>(event: K) =>
      supervisor.on(event, (payload) => {
        if (event === 'status') this.#lastStatus = payload as GatewayStatus;
        this.emit(event, payload);
        if (event === 'status' && this.#supervisor !== supervisor && (payload as GatewayStatus).phase === 'stopped') {
          for (const off of subscriptions) off();
        }
      });
    const subscriptions = [forward('status'), forward('event'), forward('log'), forward('stats'), forward('pull')];
  }

  /** Model names as the current config would give them, while no supervisor exists. */
  #configModels(): PlanoModelMap {
    const config = this.options.config();
    if (this.#models?.config !== config) this.#models = { config, map: new PlanoModelMap(config) };
    return this.#models.map;
  }

  /** One probe at a time, reused for a few seconds: the dashboard polls status. */
  #engineStatus(dockerHost: string): Promise<EngineStatus> {
    const now = Date.now();
    if (!this.#probe || this.#probe.host !== dockerHost || now - this.#probe.at > ENGINE_PROBE_TTL_MS) {
      this.#probe = { host: dockerHost, at: now, result: (this.options.probeEngine ?? pingEngine)(dockerHost) };
    }
    return this.#probe.result;
  }
}
