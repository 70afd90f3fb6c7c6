import type { ContainerDetails, GatewayEvent, GatewayStatus, LogLine, PullProgress, StatsSample } from '../../shared/gateway';
import type { GatewayTarget } from '../routing/gateway-target';

/**
 * What the API needs from the embedded gateway: the dashboard's view and controls, and the target embedded
 * routers go through. By default it is GatewayService; tests pass a fake.
 */
export interface GatewayPortEvents {
  status: GatewayStatus;
  event: GatewayEvent;
  log: LogLine;
  stats: StatsSample;
  pull: PullProgress;
}

export interface GatewayPort {
  readonly target: GatewayTarget;
  status(): GatewayStatus | Promise<GatewayStatus>;
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  restart(): Promise<unknown>;
  logs(sinceSeq?: number): LogLine[] | Promise<LogLine[]>;
  /** The plano_config.yaml it generated (keys appear only as $ENV references). */
  generatedConfig(): string | Promise<string>;
  /** The gateway container as the engine describes it; undefined when there is none. */
  inspect(): Promise<ContainerDetails | undefined>;
  on<K extends keyof GatewayPortEvents>(event: K, listener: (payload: GatewayPortEvents[K]) => void): () => void;
}
