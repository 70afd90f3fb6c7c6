import type { GatewayStatus } from '../../shared/gateway';

/** The gateway's names for models: the embedded router sends them and reads them back. */
export interface PlanoModelNames {
  /** The model is one the config lists (or names as default) for that provider. */
  lists(provider: string, model: string): boolean;
  /** The name to send for a provider's model; throws INVALID_REQUEST for one the gateway cannot route. */
  toPlano(provider: string, model: string): string;
  /** A name the gateway knows → the provider and its own model id. */
  fromPlano(name: string): { provider: string; model: string } | undefined;
}

/**
 * What the embedded router needs of a gateway it does not own: where it listens, whether it takes traffic
 * now, a way to wait until it settles, its names for models, and a nudge when a request could not reach
 * it. Whoever runs the gateway (the app's gateway service, the CLI, a test) hands one in; a
 * GatewaySupervisor is one.
 */
export interface GatewayTarget {
  /** `http://127.0.0.1:PORT` while a gateway container exists. */
  readonly origin: string | undefined;
  readonly models: PlanoModelNames;
  acceptsTraffic(): boolean;
  /** Why it is not taking traffic, for the route trace. */
  unavailableReason(): string;
  /** Resolves once it takes traffic or has settled as failed or stopped (or the signal aborts). */
  whenSettled(signal?: AbortSignal): Promise<void>;
  /** A request could not reach it: look now rather than at the next periodic check. */
  checkNow(): void;
  /** Its phase and last error, for the error a request gets when there is no fallback. */
  status(): Pick<GatewayStatus, 'phase' | 'lastError'>;
}
