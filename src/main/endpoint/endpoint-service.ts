import type { EndpointStatus } from '../../shared/endpoint';
import { deserializeError, serializeError, type SerializedError } from '../../shared/errors';
import type { ApiServices } from '../api/api-services';
import type { EndpointFactory, EndpointPort } from '../api/endpoint-port';
import { endpointRouter } from './endpoint-routes';
import { startEndpointServer, type EndpointServer } from './endpoint-server';
import { loadOrCreateLocalKey, maskKey, regenerateLocalKey } from './local-key';

/** Where and whether to listen, from the config or the command line. */
export interface EndpointSettings {
  enabled: boolean;
  host: string;
  port: number;
  allowRemote: boolean;
}

export interface LocalEndpointOptions {
  /** The data folder: the local key lives there. */
  dataDir: string;
  /**
   * Settings that win over the config's (`switchyard endpoint --port 9000`); `enabled: true` runs the endpoint
   * whatever the Settings switch says (`switchyard endpoint`, `switchyard serve --endpoint`).
   */
  override?: Partial<EndpointSettings>;
}

/** The local endpoint, started, stopped and moved as the settings say. */
export function createLocalEndpoint(options: LocalEndpointOptions): EndpointFactory {
  return (services) => new LocalEndpoint(services, options);
}

class LocalEndpoint implements EndpointPort {
  #server: EndpointServer | undefined;
  #running: EndpointSettings | undefined;
  #error: SerializedError | undefined;
  #key: string | undefined;
  #keyError: SerializedError | undefined;
  readonly #keyReady: Promise<void>;
  /** Starts and stops one at a time, each to the settings in force when it runs. */
  #settling: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #route: ReturnType<typeof endpointRouter>;

  constructor(
    private readonly services: ApiServices,
    private readonly options: LocalEndpointOptions,
  ) {
    this.#route = endpointRouter(services);
    this.#keyReady = loadOrCreateLocalKey(options.dataDir).then(
      (key) => void (this.#key = key),
      (error: unknown) => void (this.#keyError = serializeError(error)),
    );
    this.configChanged();
  }

  settings(): EndpointSettings {
    const file = this.services.runtime.file().endpoint;
    return { enabled: file.enabled, host: file.host, port: file.port, allowRemote: file.allow_remote, ...this.options.override };
  }

  status(): EndpointStatus {
    const s = this.settings();
    const status: EndpointStatus = {
      available: true,
      enabled: s.enabled,
      running: this.#server !== undefined,
      host: this.#server?.host ?? s.host,
      port: this.#server?.port ?? s.port,
      allowRemote: s.allowRemote,
      inFlight: this.#server?.inFlight ?? 0,
    };
    if (this.#server) status.url = this.#server.url;
    if (this.#key) status.keyMasked = maskKey(this.#key);
    const error = this.#error ?? this.#keyError;
    if (error) status.error = error;
    return status;
  }

  async setEnabled(enabled: boolean): Promise<EndpointStatus> {
    if (enabled !== this.services.runtime.file().endpoint.enabled) {
      // The settings store's change listener calls configChanged, which settles the server.
      await this.services.settings.change((file) => (file.endpoint.enabled = enabled));
    }
    return this.settled();
  }

  async revealKey(): Promise<string> {
    await this.#keyReady;
    if (this.#key === undefined) throw deserializeError(this.#keyError!);
    return this.#key;
  }

  async regenerateKey(): Promise<EndpointStatus> {
    this.#key = await regenerateLocalKey(this.options.dataDir);
    this.#emit();
    return this.status();
  }

  configChanged(): void {
    void this.#settle();
  }

  async settled(): Promise<EndpointStatus> {
    await this.#settling;
    return this.status();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#settle();
  }

  #settle(): Promise<void> {
    this.#settling = this.#settling.then(() => this.#apply());
    return this.#settling;
  }

  async #apply(): Promise<void> {
    const want = this.#closed ? undefined : this.settings();
    const same = want?.enabled && this.#running && want.host === this.#running.host && want.port === this.#running.port && want.allowRemote === this.#running.allowRemote;
    if (same) return;
    if (this.#server) {
      await this.#server.close();
      this.#server = undefined;
      this.#running = undefined;
    }
    this.#error = undefined;
    await this.#keyReady;
    if (want?.enabled && this.#key !== undefined) {
      try {
        this.#server = await startEndpointServer({
          host: want.host,
          port: want.port,
          allowRemote: want.allowRemote,
          key: () => this.#key!,
          maxInFlight: () => this.services.runtime.file().endpoint.max_in_flight,
          route: this.#route,
          logger: this.services.logger,
        });
        this.#running = want;
        this.services.logger.log('info', 'endpoint.listening', { url: this.#server.url });
      } catch (error) {
        this.#error = endpointStartError(error, want);
        this.services.logger.log('error', 'endpoint.start_failed', { error: this.#error.message });
      }
    }
    this.#emit();
  }

  #emit(): void {
    if (!this.#closed) this.services.events.emit('endpoint.status', this.status());
  }
}

function endpointStartError(error: unknown, want: EndpointSettings): SerializedError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return { code: 'VALIDATION_FAILED', message: `port ${want.port} on ${want.host} is in use by another program: choose another endpoint.port`, retryable: false, details: { field: 'endpoint.port' } };
  }
  if (code === 'EADDRNOTAVAIL') {
    return { code: 'VALIDATION_FAILED', message: `${want.host} is not an address of this machine: check endpoint.host`, retryable: false, details: { field: 'endpoint.host' } };
  }
  return serializeError(error);
}
