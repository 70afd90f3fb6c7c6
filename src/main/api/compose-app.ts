import { join } from 'node:path';
import type { SwitchyardConfig } from '../../shared/config';
import { createRouter } from '../routing/router-factory';
import { ProviderCooldowns } from '../routing/provider-cooldowns';
import { nullLogger, type Logger } from '../logging/logger';
import { DataFolderLock } from '../stores/data-folder-lock';
import { HistoryStore } from '../stores/history-store';
import type { SecretsBackend } from '../stores/secrets-store';
import { SettingsStore } from '../stores/settings-store';
import { TrafficFile } from '../stores/traffic-file';
import { createApiCore, type ApiCore } from './api-core';
import type { ErrorLogPort } from './api-services';
import type { EndpointFactory } from './endpoint-port';
import type { GatewayPort } from './gateway-port';
import type { RouterFactory } from './router-pool';
import { TRAFFIC_CAPACITY } from './traffic-log';

/**
 * Builds the API from the data folder, shared by the Electron shell and `switchyard serve`: settings
 * (config.yaml), history (history/), the given secrets backend, the router core, and the embedded
 * gateway service (or the one supplied).
 */
export interface ComposeOptions {
  configPath: string;
  dataDir: string;
  /** Who holds the data folder, in words, for the message a second process gets (`switchyard serve`). */
  command?: string;
  secrets: SecretsBackend;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  errorLog?: ErrorLogPort;
  openPath?: (path: string) => Promise<unknown>;
  gateway?: GatewayPort;
  /** Defaults to the router core's createRouter. */
  routerFactory?: RouterFactory;
  /** Told about every new runtime config (the file logger learns new key values to scrub). */
  onConfigChange?: (config: SwitchyardConfig, secretValues: readonly string[]) => void;
  /** Reload config.yaml when it is edited by hand (default true). */
  watchConfig?: boolean;
  /** How long `close()` waits for routers (and so the gateway container) before giving up. */
  closeTimeoutMs?: number;
  /** The local endpoint (src/main/endpoint's createLocalEndpoint); absent: this process runs none. */
  endpoint?: EndpointFactory;
}

export interface ComposedApp {
  core: ApiCore;
  settings: SettingsStore;
  history: HistoryStore;
  /** Closes routers and the gateway service (its container stopped and removed) and waits for pending history writes. */
  close(): Promise<void>;
}

export async function composeApp(options: ComposeOptions): Promise<ComposedApp> {
  const logger = options.logger ?? nullLogger;
  // First, before anything is read or written: a second process on this folder stops here, saying who has it.
  const lock = await DataFolderLock.acquire(options.dataDir, options.command ?? 'the Switchyard app');
  let settings: SettingsStore;
  let history: HistoryStore;
  try {
    settings = await SettingsStore.open(options.configPath, { logger });
    history = await HistoryStore.open(join(options.dataDir, 'history'), { logger });
  } catch (error) {
    await lock.release();
    throw error;
  }
  // One set of provider cooldowns for every router the app makes: a mode switch or a config reload does not
  // send requests back to a provider that is cooling down.
  const cooldowns = new ProviderCooldowns();
  const routerFactory: RouterFactory = options.routerFactory ?? ((config, gateway) => createRouter(config, { logger, gateway, cooldowns }));
  let notify: (config: SwitchyardConfig) => void = () => undefined;
  const trafficFile = new TrafficFile(join(options.dataDir, TRAFFIC_FILE), TRAFFIC_CAPACITY, logger);
  const core = createApiCore({
    trafficFile,
    settings,
    history,
    secrets: options.secrets,
    routerFactory,
    cooldowns,
    // The embedded gateway's generated plano_config.yaml lives in the app's data folder.
    gatewayOptions: { workDir: join(options.dataDir, 'gateway') },
    env: options.env ?? process.env,
    logger,
    onConfigChange: (config) => notify(config),
    ...(options.gateway ? { gateway: options.gateway } : {}),
    ...(options.errorLog ? { errorLog: options.errorLog } : {}),
    ...(options.openPath ? { openPath: options.openPath } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  // A log the user chose to keep is read back; one they did not is never on disk.
  if (settings.file().traffic.persist) {
    core.services.traffic.restore(await trafficFile.load().catch((error: unknown) => (logger.log('error', 'traffic.load_failed', { error: String(error) }), [])));
  }
  notify = (config) => options.onConfigChange?.(config, core.services.runtime.secretValues());
  notify(core.services.runtime.get());
  // Hand edits of config.yaml take effect without a restart (invalid ones are shown, never overwritten).
  const unwatch = options.watchConfig === false ? () => undefined : settings.watch();
  let closing: Promise<void> | undefined;
  return {
    core,
    settings,
    history,
    close: () =>
      (closing ??= (async () => {
        unwatch();
        const timeoutMs = options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS;
        await closeWithin(core.close(), timeoutMs, () =>
          logger.log('error', 'app.close_timeout', { timeoutMs, hint: 'the container engine did not answer; the gateway container may be left running' }),
        );
        await trafficFile.flush();
        await lock.release();
      })()),
  };
}

/** The kept Traffic log, in the data folder. */
export const TRAFFIC_FILE = 'traffic.jsonl';

/** Quitting must not hang on an engine that stopped answering (stopping a container normally takes ~1 s). */
const CLOSE_TIMEOUT_MS = 15_000;

async function closeWithin(closing: Promise<void>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  try {
    if ((await Promise.race([closing, timedOut])) === 'timeout') onTimeout();
  } finally {
    clearTimeout(timer);
  }
}
