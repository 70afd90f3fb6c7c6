import type { SwitchyardConfig } from '../../shared/config';
import { nullLogger, type Logger } from '../logging/logger';
import type { ProviderCooldowns } from '../routing/provider-cooldowns';
import type { HistoryStore } from '../stores/history-store';
import type { SecretsBackend } from '../stores/secrets-store';
import type { SettingsStore } from '../stores/settings-store';
import { newId } from '../stores/history-store';
import type { TrafficFile } from '../stores/traffic-file';
import { ChatService } from './chat-service';
import { noEndpoint, type EndpointFactory, type EndpointPort } from './endpoint-port';
import { ApiEventBus } from './event-bus';
import type { GatewayPort } from './gateway-port';
import { GatewayService, type GatewayServiceOptions } from './gateway-service';
import { HistoryRecorder } from './history-recorder';
import type { ProbeFetch } from './provider-probe';
import { ApiRedaction, type Redact } from './redactor';
import { RouterPool, type RouterFactory } from './router-pool';
import { RouterService } from './router-service';
import { RuntimeConfig } from './runtime-config';
import { TrafficLog } from './traffic-log';

/** The error log as the API shows it: where it is, and its last lines (already redacted by the logger). */
export interface ErrorLogPort {
  path: string;
  tail(lines: number): string[] | Promise<string[]>;
}

/** Everything the API is built from. Stores and the router factory are required; the rest has defaults. */
export interface ApiDeps {
  settings: SettingsStore;
  secrets: SecretsBackend;
  history: HistoryStore;
  routerFactory: RouterFactory;
  /** The provider cooldowns the factory's routers share, shown in the router state. */
  cooldowns?: ProviderCooldowns;
  /** Replaces the gateway service (tests). */
  gateway?: GatewayPort;
  /** Gateway supervisor settings that are not in the config file (where plano_config.yaml is written, ...). */
  gatewayOptions?: GatewayServiceOptions['supervisor'];
  /** Called with the new runtime config whenever settings or keys change (the file logger learns new keys to scrub). */
  onConfigChange?: (config: SwitchyardConfig) => void;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  now?: () => number;
  /** For the gateway's /v1/models. */
  fetch?: typeof fetch;
  errorLog?: ErrorLogPort;
  /** Electron: shell.openPath. Absent in browser mode, where `app.openErrorLog` does nothing. */
  openPath?: (path: string) => Promise<unknown>;
  /** Chats (streams and sends) in flight at once across both transports; default 64. */
  maxChatsInFlight?: number;
  /** The local endpoint, built on these services (absent: none in this process). */
  endpoint?: EndpointFactory;
  /** Where the Traffic log is kept when the user opts in (absent: memory only). */
  trafficFile?: TrafficFile;
}

export interface ApiServices {
  settings: SettingsStore;
  secrets: SecretsBackend;
  history: HistoryStore;
  gateway: GatewayPort;
  runtime: RuntimeConfig;
  router: RouterService;
  chat: ChatService;
  traffic: TrafficLog;
  endpoint: EndpointPort;
  events: ApiEventBus;
  redact: Redact;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  errorLog: ErrorLogPort;
  /** For provider tests and model lists (the same injected fetch as the gateway's /v1/models). */
  probeFetch: ProbeFetch;
  openPath?: (path: string) => Promise<unknown>;
  /** Settings or keys changed: rebuild routers (in-flight requests finish on the old ones) and tell the owner. */
  configChanged(): void;
  /** Detaches from the stores and the gateway, closes every router and stops the gateway container. */
  close(): Promise<void>;
}

export function createApiServices(deps: ApiDeps): ApiServices {
  const env = deps.env ?? process.env;
  const logger = deps.logger ?? nullLogger;
  const now = deps.now ?? Date.now;
  const runtime = new RuntimeConfig(deps.settings, deps.secrets, env);
  const redaction = new ApiRedaction(() => runtime.secretValues());
  const redact = redaction.redact;
  const events = new ApiEventBus(redact);
  const service = deps.gateway
    ? undefined
    : new GatewayService({ config: () => runtime.get(), logger, ...(deps.gatewayOptions ? { supervisor: deps.gatewayOptions } : {}) });
  const gateway: GatewayPort = deps.gateway ?? service!;
  const pool = new RouterPool(deps.routerFactory, () => runtime.get(), gateway.target, logger);
  const fetchImpl = deps.fetch ?? fetch;
  const router = new RouterService({
    pool,
    runtime,
    settings: deps.settings,
    gateway,
    events,
    fetch: (url, init) => fetchImpl(url, init),
    now,
    ...(deps.cooldowns ? { cooldowns: deps.cooldowns } : {}),
  });
  const recorder = new HistoryRecorder(deps.history, events, redact, now, logger);
  const traffic = new TrafficLog({
    events,
    redactText: redaction.redactText,
    now,
    newId,
    prices: (name) => runtime.get().providers[name]?.prices,
    persist: () => runtime.file().traffic.persist,
    ...(deps.trafficFile ? { file: deps.trafficFile } : {}),
  });
  const chat = new ChatService(router, recorder, traffic, redaction, deps.maxChatsInFlight);
  let endpoint: EndpointPort | undefined;

  const configChanged = (): void => {
    router.reload();
    endpoint?.configChanged();
    service?.configChanged();
    deps.onConfigChange?.(runtime.get());
  };
  const detach = [
    deps.settings.onChange(configChanged),
    // A hand edit that broke the file changes nothing in effect, but every page must say so.
    deps.settings.onProblems(() => events.emit('router.state', router.state())),
    gateway.on('status', (status) => {
      events.emit('gateway.status', status);
      router.onGatewayStatus(status);
    }),
    gateway.on('event', (event) => events.emit('gateway.event', event)),
    gateway.on('log', (line) => events.emit('gateway.log', line)),
    gateway.on('stats', (sample) => events.emit('gateway.stats', sample)),
    gateway.on('pull', (progress) => events.emit('gateway.pull', progress)),
  ];

  const services: ApiServices = {
    settings: deps.settings,
    secrets: deps.secrets,
    history: deps.history,
    gateway,
    runtime,
    router,
    chat,
    traffic,
    endpoint: noEndpoint({ runtime }),
    events,
    redact,
    env,
    logger,
    errorLog: deps.errorLog ?? { path: '', tail: () => [] },
    probeFetch: (url, init) => fetchImpl(url, init),
    configChanged,
    close: async () => {
      for (const off of detach) off();
      await endpoint?.close();
      await router.close();
      await service?.close();
      await deps.history.flush();
    },
  };
  if (deps.openPath) services.openPath = deps.openPath;
  if (deps.endpoint) services.endpoint = endpoint = deps.endpoint(services);
  router.pin();
  void router.checkProxy();
  if (runtime.get().routing.mode === 'plano_embedded') service?.autoStart();
  return services;
}
