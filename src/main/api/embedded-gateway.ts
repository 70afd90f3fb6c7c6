import type { SwitchyardConfig } from '../../shared/config';
import { DEFAULT_PLANO_PORT } from '../../shared/config-schema';
import type { ContainerDetails, GatewayStatus, LogLine } from '../../shared/gateway';
import { isHostNetwork } from '../gateway/container-spec';
import { DockerEngine } from '../gateway/docker-engine';
import { generatePlanoConfig } from '../gateway/plano-config';
import { TypedEmitter } from '../gateway/typed-emitter';
import { nullLogger, type Logger } from '../logging/logger';
import type { Router } from '../routing/types';
import type { GatewayPort, GatewayPortEvents } from './gateway-port';
import type { RouterLease } from './router-pool';

/** What an embedded router's gateway supervisor offers (src/main/gateway/supervisor.ts). */
export interface SupervisorLike {
  status(): GatewayStatus;
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  restart(): Promise<unknown>;
  logs(sinceSeq?: number): LogLine[];
  configYaml(): string;
  on<K extends keyof GatewayPortEvents>(event: K, listener: (payload: GatewayPortEvents[K]) => void): () => void;
}

type EngineStatus = GatewayStatus['engine'];

const ENGINE_PROBE_TTL_MS = 3000;
const ENGINE_PROBE_TIMEOUT_MS = 2000;

/** `GET /_ping` on the configured engine; never throws (an unreachable engine is a status, not an error). */
export async function pingEngine(dockerHost: string): Promise<EngineStatus> {
  let endpoint = dockerHost || 'default';
  try {
    const engine = DockerEngine.fromHost(dockerHost);
    endpoint = engine.endpoint;
    await engine.ping(AbortSignal.timeout(ENGINE_PROBE_TIMEOUT_MS));
    return { reachable: true, endpoint };
  } catch (error) {
    return { reachable: false, endpoint, error: error instanceof Error ? error.message : String(error) };
  }
}

export function supervisorOf(router: Router): SupervisorLike | undefined {
  const candidate = (router as { supervisor?: Partial<SupervisorLike> }).supervisor;
  return candidate && typeof candidate.status === 'function' && typeof candidate.on === 'function' && typeof candidate.configYaml === 'function'
    ? (candidate as SupervisorLike)
    : undefined;
}

/**
 * The gateway as the API sees it, whatever router currently owns it. The embedded router owns the
 * supervisor (and so the container); this follows the router pool: it attaches to the supervisor of the
 * embedded router that exists, forwards its events, and when none exists answers from the config
 * (phase idle, a preview of the generated plano_config.yaml). Starting the gateway from the dashboard
 * while another mode is active leases an embedded router until the dashboard stops it again.
 */
export class EmbeddedGateway extends TypedEmitter<GatewayPortEvents> implements GatewayPort {
  private current: SupervisorLike | undefined;
  private manualLease: RouterLease | undefined;
  private lastStatus: GatewayStatus | undefined;

  constructor(
    private readonly deps: {
      config: () => SwitchyardConfig;
      /** Leases an embedded router (RouterPool.acquire('plano_embedded')), bound after construction. */
      acquireEmbedded: () => Promise<RouterLease>;
      logger?: Logger;
      /** Asks the engine whether it answers, while no supervisor exists. Defaults to a `/_ping`. */
      probeEngine?: (dockerHost: string) => Promise<EngineStatus>;
      /** Inspects a container by id or name on the configured engine. Defaults to dockerode. */
      inspectContainer?: (dockerHost: string, idOrName: string) => Promise<ContainerDetails | undefined>;
    },
  ) {
    super();
  }

  private probe: { host: string; at: number; result: Promise<EngineStatus> } | undefined;

  /** Pool hook: a router was created. */
  routerCreated(router: Router): void {
    const supervisor = supervisorOf(router);
    if (!supervisor) return;
    this.current = supervisor;
    const forward = <K extends keyof GatewayPortEvents>(event: K) =>
      supervisor.on(event, (payload) => {
        if (event === 'status') this.lastStatus = payload as GatewayStatus;
        this.emit(event, payload);
        // A retired supervisor is followed until it has stopped, so the dashboard sees the shutdown.
        if (event === 'status' && this.current !== supervisor && (payload as GatewayStatus).phase === 'stopped') {
          for (const off of subscriptions) off();
        }
      });
    const subscriptions = [forward('status'), forward('event'), forward('log'), forward('stats'), forward('pull')];
  }

  /** Pool hook: a router is being closed. */
  routerRetired(router: Router): void {
    if (this.manualLease?.router === router) {
      // a config change replaced the router the dashboard started: it can be started again
      this.manualLease.release();
      this.manualLease = undefined;
    }
    const supervisor = supervisorOf(router);
    if (supervisor && supervisor === this.current) {
      this.lastStatus = supervisor.status();
      this.current = undefined;
    }
  }

  async status(): Promise<GatewayStatus> {
    if (this.current) return this.current.status();
    const settings = this.deps.config().routing.planoEmbedded;
    const base: GatewayStatus = this.lastStatus ?? {
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
    const engine = await this.engineStatus(settings.dockerHost);
    return { ...base, engine, image: settings.image, containerName: settings.containerName, fallbackActive: false };
  }

  /** One probe at a time, reused for a few seconds: the dashboard polls status. */
  private engineStatus(dockerHost: string): Promise<EngineStatus> {
    const now = Date.now();
    if (!this.probe || this.probe.host !== dockerHost || now - this.probe.at > ENGINE_PROBE_TTL_MS) {
      this.probe = { host: dockerHost, at: now, result: (this.deps.probeEngine ?? pingEngine)(dockerHost) };
    }
    return this.probe.result;
  }

  async start(): Promise<GatewayStatus> {
    if (!this.current && !this.manualLease) this.manualLease = await this.deps.acquireEmbedded();
    await this.current?.start();
    return this.status();
  }

  async stop(): Promise<GatewayStatus> {
    const supervisor = this.current;
    await supervisor?.stop();
    const lease = this.manualLease;
    this.manualLease = undefined;
    lease?.release();
    return this.status();
  }

  async restart(): Promise<GatewayStatus> {
    if (!this.current) return this.start();
    await this.current.restart();
    return this.status();
  }

  logs(sinceSeq?: number): LogLine[] {
    return this.current?.logs(sinceSeq) ?? [];
  }

  /** Asked of the engine directly (by id when known, else by the configured name), so it works in any phase. */
  async inspect(): Promise<ContainerDetails | undefined> {
    const settings = this.deps.config().routing.planoEmbedded;
    const status = await this.status();
    if (!status.engine.reachable) return undefined;
    const inspect = this.deps.inspectContainer ?? ((host, id) => DockerEngine.fromHost(host).inspectDetails(id));
    return inspect(settings.dockerHost, status.containerId ?? status.containerName);
  }

  generatedConfig(): string {
    if (this.current) return this.current.configYaml();
    const config = this.deps.config();
    const settings = config.routing.planoEmbedded;
    try {
      return generatePlanoConfig(config, {
        listenerPort: typeof settings.port === 'number' ? settings.port : DEFAULT_PLANO_PORT,
        hostNetwork: isHostNetwork(settings.network),
      }).yaml;
    } catch (error) {
      (this.deps.logger ?? nullLogger).log('warn', 'gateway.config_preview_failed', { error: String(error) });
      return `# the gateway config cannot be generated yet: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  /** Quit: drop the dashboard's lease (the pool closes the router itself). */
  close(): void {
    this.manualLease?.release();
    this.manualLease = undefined;
  }
}
