import type { ModelInfo, ProviderSummary, RouterState } from '../../shared/api';
import type { ChatResponse, RoutingMode } from '../../shared/chat';
import { planoEmbeddedSchema, planoProxySchema } from '../../shared/config-schema';
import { SwitchyardError } from '../../shared/errors';
import type { GatewayStatus } from '../../shared/gateway';
import { problemsFromIssues } from '../config/config-problems';
import { PlanoModelMap } from '../gateway/plano-model-map';
import type { ProviderCooldowns } from '../routing/provider-cooldowns';
import type { SettingsStore } from '../stores/settings-store';
import { validationFailed } from '../stores/settings-store';
import type { ApiEventBus } from './event-bus';
import type { GatewayPort } from './gateway-port';
import { ProxyHealthCheck } from './proxy-health';
import type { RouterLease, RouterPool } from './router-pool';
import type { RuntimeConfig } from './runtime-config';

type FetchLike = (url: string, init: { headers: Record<string, string>; signal: AbortSignal; redirect?: 'manual' }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

const MODELS_TIMEOUT_MS = 10_000;

/**
 * The router as the UI sees it: which mode is on, which path is serving, the providers (without keys),
 * recent latency per hop. Switching modes swaps routers without a restart and records the mode in the
 * config file.
 */
export class RouterService {
  private pinned: Promise<RouterLease> | undefined;
  private fallback: { active: boolean; reason?: string } = { active: false };
  private readonly lastLatencyMs: Partial<Record<RoutingMode, number>> = {};
  private readonly proxyHealth: ProxyHealthCheck;
  private proxyUrl: string | undefined;

  constructor(
    private readonly deps: {
      pool: RouterPool;
      runtime: RuntimeConfig;
      settings: SettingsStore;
      gateway: GatewayPort;
      events: ApiEventBus;
      fetch: FetchLike;
      /** The routers' provider cooldowns: shown on each provider, and the state is pushed when one opens or closes. */
      cooldowns?: ProviderCooldowns;
      now?: () => number;
    },
  ) {
    deps.cooldowns?.onChange(() => deps.events.emit('router.state', this.state()));
    this.proxyHealth = new ProxyHealthCheck(
      (url, init) => deps.fetch(url, { headers: {}, ...init }),
      () => deps.events.emit('router.state', this.state()),
    );
  }

  /**
   * Checks the proxy's health when its URL changes (after a reload), and at start in proxy mode. The
   * latency of requests through a gateway at another URL says nothing about this one, so it is dropped.
   */
  async checkProxy(): Promise<void> {
    const { baseUrl } = this.deps.runtime.get().routing.planoProxy;
    if (baseUrl === this.proxyUrl) return;
    const first = this.proxyUrl === undefined;
    this.proxyUrl = baseUrl;
    if (first && this.mode !== 'plano_proxy') return;
    if (!first) delete this.lastLatencyMs.plano_proxy;
    await this.proxyHealth.follow(baseUrl);
  }

  get mode(): RoutingMode {
    return this.deps.runtime.get().routing.mode;
  }

  /** Leases the router for a request: the current mode's, or another mode's for a compare request. */
  async lease(mode?: RoutingMode): Promise<RouterLease> {
    this.pin();
    return this.deps.pool.acquire(mode ?? this.mode);
  }

  /**
   * Keeps the current mode's router open between requests (in embedded mode: the gateway keeps running).
   * Called at start and after every reload; a router that cannot be built is retried on the next lease.
   */
  pin(): void {
    if (this.pinned) return;
    const pinning = this.deps.pool.acquire(this.mode);
    this.pinned = pinning;
    pinning.catch(() => {
      if (this.pinned === pinning) this.pinned = undefined;
    });
  }

  state(): RouterState {
    const config = this.deps.runtime.get();
    const mode = config.routing.mode;
    const fallbackActive = mode === 'plano_embedded' && this.fallback.active;
    const cooling = this.deps.cooldowns?.list((this.deps.now ?? Date.now)()) ?? [];
    const providers: ProviderSummary[] = Object.values(config.providers).map((p) => {
      const summary: ProviderSummary = {
        name: p.name,
        type: p.type,
        baseUrl: p.baseUrl,
        models: [...p.models],
        hasKey: Boolean(p.apiKey),
        prices: structuredClone(p.prices),
      };
      if (p.defaultModel !== undefined) summary.defaultModel = p.defaultModel;
      const cooldown = cooling.find((c) => c.provider === p.name && !c.probing);
      if (cooldown) summary.cooldown = { via: cooldown.via, until: cooldown.until, failures: cooldown.failures };
      return summary;
    });
    const state: RouterState = {
      mode,
      servedBy: fallbackActive ? 'direct' : mode,
      fallbackActive,
      providers,
      lastLatencyMs: { ...this.lastLatencyMs },
      configProblems: this.deps.settings.view().problems,
    };
    const proxyHealth = this.proxyHealth.health;
    if (proxyHealth) state.proxyHealth = proxyHealth;
    if (fallbackActive && this.fallback.reason) state.fallbackReason = this.fallback.reason;
    return state;
  }

  async setMode(mode: RoutingMode): Promise<RouterState> {
    // the settings store's change listener reloads the routers
    if (mode !== this.mode) await this.deps.settings.setMode(mode);
    return this.state();
  }

  /** Validates one mode's section (file shape, snake_case) and saves it into the config file. */
  async updateModeSettings(mode: RoutingMode, settings: unknown): Promise<RouterState> {
    if (mode === 'direct') {
      throw new SwitchyardError('VALIDATION_FAILED', 'mode: direct has no settings section; providers are edited in Settings', {
        details: { field: 'mode' },
      });
    }
    const schema = mode === 'plano_proxy' ? planoProxySchema : planoEmbeddedSchema;
    const parsed = schema.safeParse(settings ?? {});
    if (!parsed.success) {
      const problems = problemsFromIssues(parsed.error.issues).map((p) => ({ ...p, path: p.path ? `settings.${p.path}` : 'settings' }));
      throw validationFailed(problems);
    }
    await this.deps.settings.change((file) => {
      if (mode === 'plano_proxy') file.routing.plano_proxy = parsed.data as typeof file.routing.plano_proxy;
      else file.routing.plano_embedded = parsed.data as typeof file.routing.plano_embedded;
    });
    // the settings store's change listener reloads the routers
    return this.state();
  }

  async listModels(): Promise<ModelInfo[]> {
    const config = this.deps.runtime.get();
    const mode = config.routing.mode;
    if (mode === 'direct') return this.configModels();
    if (mode === 'plano_proxy') {
      const proxy = config.routing.planoProxy;
      const headers: Record<string, string> = { ...proxy.headers };
      if (proxy.apiKey) headers.authorization = `Bearer ${proxy.apiKey}`;
      return this.gatewayModels(modelsUrl(proxy.baseUrl), headers);
    }
    return this.embeddedModels(new PlanoModelMap(config));
  }

  /**
   * Embedded mode: every model the generated config routes, by Switchyard provider and the provider's own
   * model id (what the router expects), with its Plano name. Once the gateway answers, the ones its
   * /v1/models lists are marked as coming from it; models served by a provider's catch-all are not listed there.
   */
  private async embeddedModels(map: PlanoModelMap): Promise<ModelInfo[]> {
    const status = await this.deps.gateway.status();
    let listed = new Set<string>();
    // Until the gateway is ready, requests are served from the same providers (by Direct).
    if (status.phase === 'ready' && status.port !== undefined && !this.fallback.active) {
      // The config already says what is routable; a model list that fails only loses the marks.
      const fromGateway = await this.gatewayModels(`http://127.0.0.1:${status.port}/v1/models`, {}).catch(() => []);
      listed = new Set(fromGateway.map((m) => m.id));
    }
    return map.routes.map((r) => ({ id: r.model, provider: r.provider, source: listed.has(r.planoModel) ? 'gateway' : 'config', planoModel: r.planoModel }));
  }

  /** A response was served: remember the latency of the hop that served it. */
  recordResponse(response: Pick<ChatResponse, 'trace'>): void {
    this.lastLatencyMs[response.trace.servedBy] = response.trace.latencyMs;
    // Every response passes here (outside clients' too): the state is built only for someone to see it.
    if (this.deps.events.listening) this.deps.events.emit('router.state', this.state());
  }

  /** The gateway reported a status: track fallback/recovery for the state view. */
  onGatewayStatus(status: GatewayStatus): void {
    const next = status.fallbackActive ? { active: true, reason: status.fallbackReason } : { active: false };
    if (next.active === this.fallback.active && next.reason === this.fallback.reason) return;
    this.fallback = next;
    this.deps.events.emit('router.state', this.state());
  }

  /** Config or keys changed: new routers from now on, the current one retires when idle. */
  reload(): void {
    this.deps.runtime.invalidate();
    this.deps.pool.invalidate();
    const previous = this.pinned;
    this.pinned = undefined;
    void previous?.then((lease) => lease.release(), () => undefined);
    this.pin();
    this.deps.events.emit('router.state', this.state());
    void this.checkProxy();
  }

  async close(): Promise<void> {
    const pinned = this.pinned;
    this.pinned = undefined;
    await pinned?.then((lease) => lease.release(), () => undefined);
    await this.deps.pool.closeAll();
  }

  private configModels(): ModelInfo[] {
    const out: ModelInfo[] = [];
    for (const p of Object.values(this.deps.runtime.get().providers)) {
      const ids = new Set([...(p.defaultModel ? [p.defaultModel] : []), ...p.models]);
      for (const id of ids) out.push({ id, provider: p.name, source: 'config' });
    }
    return out;
  }

  private async gatewayModels(url: string, headers: Record<string, string>): Promise<ModelInfo[]> {
    const signal = AbortSignal.timeout(MODELS_TIMEOUT_MS);
    let response;
    try {
      response = await this.deps.fetch(url, { headers: { accept: 'application/json', ...headers }, signal });
    } catch (error) {
      throw new SwitchyardError('NETWORK_ERROR', `cannot reach the gateway at ${url}: ${reason(error)}`, { retryable: true, details: { url } });
    }
    if (!response.ok) {
      throw new SwitchyardError('UPSTREAM_ERROR', `the gateway answered ${response.status} for ${url}`, {
        retryable: response.status >= 500,
        details: { url, status: response.status },
      });
    }
    const body = (await response.json().catch(() => undefined)) as { data?: unknown } | undefined;
    if (!body || !Array.isArray(body.data)) {
      throw new SwitchyardError('MALFORMED_RESPONSE', `the gateway's model list at ${url} is not {data: [...]}`, { details: { url } });
    }
    const out: ModelInfo[] = [];
    for (const item of body.data) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || id === '') continue;
      const owner = (item as { owned_by?: unknown }).owned_by;
      const slash = id.indexOf('/');
      const provider = slash > 0 ? id.slice(0, slash) : typeof owner === 'string' ? owner : '';
      out.push({ id, provider, source: 'gateway' });
    }
    return out;
  }
}

/** Plano serves /v1/models off its root; accept a base URL written with or without the /v1. */
export function modelsUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? `${trimmed}/models` : `${trimmed}/v1/models`;
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
