import type { EndpointStatus } from '../../shared/endpoint';
import { SwitchyardError } from '../../shared/errors';
import type { ApiServices } from './api-services';

/**
 * The local endpoint as the API sees it. The endpoint itself (src/main/endpoint) is built on the API, so the
 * API takes a factory and hands it the services once they exist; without one (tests, tools that compose
 * no endpoint) the status says it is not available here.
 */
export interface EndpointPort {
  status(): EndpointStatus;
  setEnabled(enabled: boolean): Promise<EndpointStatus>;
  revealKey(): Promise<string>;
  regenerateKey(): Promise<EndpointStatus>;
  /** Settings changed: start, stop or move the server to match them. */
  configChanged(): void;
  /** The status once the server matches the settings (started, stopped, or failed to start). */
  settled(): Promise<EndpointStatus>;
  close(): Promise<void>;
}

export type EndpointFactory = (services: ApiServices) => EndpointPort;

export function noEndpoint(services: Pick<ApiServices, 'runtime'>): EndpointPort {
  const unavailable = (): never => {
    throw new SwitchyardError('NOT_FOUND', 'this process runs no local endpoint', { details: { field: 'endpoint' } });
  };
  const status = (): EndpointStatus => {
    const e = services.runtime.file().endpoint;
    return { available: false, enabled: e.enabled, running: false, host: e.host, port: e.port, allowRemote: e.allow_remote, inFlight: 0 };
  };
  return {
    status,
    setEnabled: async () => unavailable(),
    revealKey: async () => unavailable(),
    regenerateKey: async () => unavailable(),
    configChanged: () => undefined,
    settled: async () => status(),
    close: async () => undefined,
  };
}
