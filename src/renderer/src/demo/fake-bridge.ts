import type {
  ApiEventName,
  ApiEvents,
  ChatInput,
  ChatResult,
  Conversation,
  ConversationSummary,
  ModelInfo,
  ProviderCheck,
  ProviderSummary,
  ProviderTarget,
  RouterState,
  SecretsView,
  SettingsView,
  StreamHandle,
  SwitchyardBridge,
} from '../../../shared/api';
import type { RoutingMode, StreamPart } from '../../../shared/chat';
import { chatRequestSchema } from '../../../shared/chat-schema';
import { configFileSchema, planoEmbeddedSchema, planoProxySchema } from '../../../shared/config-schema';
import type { ConfigFile } from '../../../shared/config-schema';
import { SwitchyardError, type SerializedError } from '../../../shared/errors';
import type { ContainerDetails, GatewayEvent, GatewayStatus, LogLine } from '../../../shared/gateway';
import { FAKE_CONTAINER, FAKE_PROVIDERS, fakeGatewayStatus, fakeProviderCheck } from './fake-data';
import { FakeHistory } from './fake-history';
import { FakeTraffic } from './fake-traffic';
import { playFakeStream, type FakeReply, type FakeStreamPlan, type FakeStreamTiming } from './fake-stream';

export { FAKE_PROVIDERS, makeLongConversation } from './fake-data';
export type { FakeReply } from './fake-stream';

/**
 * An in-memory SwitchyardBridge for component tests, the `?fake` dev/bench page and screenshots.
 * It behaves like the real API where the UI can tell: streams arrive as timed parts, cancel ends a
 * stream with CANCELLED, history is saved unless ephemeral, and state changes are pushed as events.
 */

export interface FakeBridgeOptions {
  transport?: 'electron' | 'browser';
  /** Delay between streamed tokens (ms). 0 streams on the next macrotask for each token. */
  tokenIntervalMs?: number;
  /** Time to first token (ms). */
  firstTokenDelayMs?: number;
  providers?: ProviderSummary[];
  mode?: RoutingMode;
  engineReachable?: boolean;
  /** Replies consumed in order by streamChat; once empty, a default echo reply is used. */
  replies?: FakeReply[];
  conversations?: Conversation[];
  /** Problems with the config file (the app then runs on defaults). */
  configProblems?: RouterState['configProblems'];
}

type Handler = (payload: never) => void;

export class FakeBridge implements SwitchyardBridge, FakeStreamTiming {
  readonly transport: 'electron' | 'browser';
  readonly calls: { method: string; input?: unknown }[] = [];
  readonly chatInputs: ChatInput[] = [];
  replies: FakeReply[];
  tokenIntervalMs: number;
  firstTokenDelayMs: number;
  private handlers = new Map<ApiEventName, Set<Handler>>();
  readonly historyStore: FakeHistory;
  private routerState: RouterState;
  private gatewayStatus: GatewayStatus;
  private logs: LogLine[] = [];
  private config: ConfigFile;
  private nextId = 1;
  private secretsView: SecretsView;
  readonly trafficLog = new FakeTraffic((event, payload) => this.emit(event, payload));

  constructor(options: FakeBridgeOptions = {}) {
    this.transport = options.transport ?? 'electron';
    this.tokenIntervalMs = options.tokenIntervalMs ?? 5;
    this.firstTokenDelayMs = options.firstTokenDelayMs ?? 10;
    this.replies = [...(options.replies ?? [])];
    const providers = options.providers ?? FAKE_PROVIDERS;
    this.routerState = {
      mode: options.mode ?? 'direct',
      servedBy: options.mode ?? 'direct',
      fallbackActive: false,
      providers,
      lastLatencyMs: { direct: 412 },
      configProblems: options.configProblems ?? [],
    };
    const providerEntries = Object.fromEntries(
      providers.map((p) => [p.name, { type: p.type, base_url: p.baseUrl, default_model: p.defaultModel, models: p.models }]),
    );
    this.config = configFileSchema.parse({ routing: { mode: this.routerState.mode }, providers: providerEntries });
    this.secretsView = {
      backend: this.transport === 'browser' ? 'environment' : 'safeStorage',
      secrets: providers.map((p) => ({ name: p.name, set: p.hasKey, source: p.hasKey ? 'safeStorage' : 'none', ...(p.hasKey ? { last4: 'x9Qa' } : {}) })),
    };
    const now = Date.now();
    this.gatewayStatus = fakeGatewayStatus(options.engineReachable ?? true, now);
    for (let i = 0; i < 30; i++) this.pushLog(`[envoy] listener llm ready on 0.0.0.0:12000 (#${i})`, i % 7 === 0 ? 'stderr' : 'stdout', now - (30 - i) * 1000);
    this.historyStore = new FakeHistory(options.conversations ?? [], () => `${this.nextId++}`, (conversationId) => this.emit('history.changed', { conversationId }));
  }

  // ---- test controls -------------------------------------------------------------------------

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const h of this.handlers.get(event) ?? []) (h as (p: ApiEvents[E]) => void)(payload);
  }

  listenerCount(event: ApiEventName): number {
    return this.handlers.get(event)?.size ?? 0;
  }

  setGatewayStatus(patch: Partial<GatewayStatus>): void {
    this.gatewayStatus = { ...this.gatewayStatus, ...patch };
    this.emit('gateway.status', this.gatewayStatus);
  }

  pushGatewayEvent(event: GatewayEvent): void {
    this.gatewayStatus = { ...this.gatewayStatus, history: [...this.gatewayStatus.history, event] };
    this.emit('gateway.event', event);
  }

  pushLog(text: string, stream: 'stdout' | 'stderr' = 'stdout', at = Date.now()): LogLine {
    const line: LogLine = { seq: this.logs.length + 1, at, stream, text };
    this.logs.push(line);
    this.emit('gateway.log', line);
    return line;
  }

  addConversation(c: Conversation): void {
    this.historyStore.conversations.set(c.id, structuredClone(c));
  }

  // ---- SwitchyardBridge ----------------------------------------------------------------------

  on<E extends ApiEventName>(event: E, handler: (payload: ApiEvents[E]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as Handler);
    return () => set.delete(handler as Handler);
  }

  streamChat(input: ChatInput, onPart: (part: StreamPart, meta: { conversationId?: string; messageId?: string }) => void): StreamHandle {
    this.chatInputs.push(structuredClone(input));
    const request = input.request;
    // Refused as the real API refuses it, so a request the playground builds wrong fails here too.
    const checked = chatRequestSchema.safeParse(request);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new SwitchyardError('VALIDATION_FAILED', `chat.stream: request.${issue.path.map(String).join('.')}: ${issue.message}`);
    }
    const meta: { conversationId?: string; messageId?: string } = input.ephemeral ? {} : this.historyStore.saveUserTurn(input);
    const plan: FakeStreamPlan = {
      request,
      reply: this.replies.shift() ?? {},
      mode: input.mode ?? this.routerState.mode,
      provider: this.routerState.providers.find((p) => p.name === request.provider) ?? this.routerState.providers[0],
      timing: this,
      nextResponseId: () => `${this.nextId++}`,
    };
    return playFakeStream(plan, {
      part: (part) => onPart(part, meta),
      finishing: (response, servedBy) => {
        this.routerState = { ...this.routerState, lastLatencyMs: { ...this.routerState.lastLatencyMs, [servedBy]: response.latencyMs } };
        this.emit('router.state', this.routerState);
      },
      end: (part, content) => {
        if (!input.ephemeral && meta.conversationId) this.historyStore.saveAssistantTurn(meta, content, part);
        this.trafficLog.record(input, part);
        onPart(part, meta);
        if (meta.conversationId) this.emit('history.changed', { conversationId: meta.conversationId });
      },
    });
  }

  chat = {
    send: async (input: ChatInput): Promise<ChatResult> => {
      let result: ChatResult | undefined;
      let failure: SerializedError | undefined;
      const h = this.streamChat(input, (part, meta) => {
        if (part.type === 'finish') result = { ...meta, response: part.response };
        if (part.type === 'error') failure = part.error;
      });
      await h.done;
      if (failure) throw new SwitchyardError(failure.code, failure.message, { retryable: failure.retryable });
      return result!;
    },
  };

  router = {
    state: async (): Promise<RouterState> => this.record('router.state', undefined, structuredClone(this.routerState)),
    setMode: async ({ mode }: { mode: RoutingMode }): Promise<RouterState> => {
      this.record('router.setMode', { mode }, null);
      this.routerState = { ...this.routerState, mode, servedBy: mode, fallbackActive: false };
      this.config = { ...this.config, routing: { ...this.config.routing, mode } };
      this.emit('router.state', this.routerState);
      return structuredClone(this.routerState);
    },
    updateModeSettings: async ({ mode, settings }: { mode: RoutingMode; settings: unknown }): Promise<RouterState> => {
      this.record('router.updateModeSettings', { mode, settings }, null);
      if (mode === 'direct') throw new SwitchyardError('VALIDATION_FAILED', 'direct mode has no settings');
      const schema = mode === 'plano_proxy' ? planoProxySchema : planoEmbeddedSchema;
      const parsed = schema.safeParse(settings);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new SwitchyardError('VALIDATION_FAILED', `routing.${mode}.${issue.path.join('.')}: ${issue.message}`, { details: { path: `routing.${mode}.${issue.path.join('.')}` } });
      }
      this.config = { ...this.config, routing: { ...this.config.routing, [mode]: parsed.data } };
      return structuredClone(this.routerState);
    },
    listModels: async (): Promise<ModelInfo[]> =>
      this.record('router.listModels', undefined, this.routerState.providers.flatMap((p) => p.models.map((id) => ({ id, provider: p.name, source: 'config' as const })))),
  };

  gateway = {
    status: async (): Promise<GatewayStatus> => this.record('gateway.status', undefined, structuredClone(this.gatewayStatus)),
    start: async (): Promise<GatewayStatus> => {
      this.record('gateway.start', undefined, null);
      this.requireEngine();
      this.transition('starting', 'start requested');
      setTimeout(() => this.becomeReady(), 30);
      return structuredClone(this.gatewayStatus);
    },
    stop: async (): Promise<GatewayStatus> => {
      this.record('gateway.stop', undefined, null);
      this.transition('stopped', 'stopped by the user');
      this.setGatewayStatus({ readySince: undefined, port: undefined });
      return structuredClone(this.gatewayStatus);
    },
    restart: async (): Promise<GatewayStatus> => {
      this.record('gateway.restart', undefined, null);
      this.requireEngine();
      this.gatewayStatus = { ...this.gatewayStatus, restarts: this.gatewayStatus.restarts + 1 };
      this.pushGatewayEvent({ at: Date.now(), kind: 'restart', phase: 'restarting', reason: 'restart requested by the user' });
      this.setGatewayStatus({ phase: 'restarting' });
      setTimeout(() => this.becomeReady(), 30);
      return structuredClone(this.gatewayStatus);
    },
    logs: async ({ sinceSeq }: { sinceSeq?: number }): Promise<LogLine[]> =>
      this.record('gateway.logs', { sinceSeq }, this.logs.filter((l) => l.seq > (sinceSeq ?? 0))),
    config: async () =>
      this.record('gateway.config', undefined, {
        yaml: 'version: v0.4.0\nlisteners:\n  - type: model\n    name: llm\n    port: 12000\nmodel_providers:\n  - model: openai/gpt-4o-mini\n    access_key: $OPENAI_API_KEY\n    default: true\n  - model: ollama/llama3.2\n    base_url: http://host.docker.internal:11434/v1\n',
        routes: [
          { model: 'openai/gpt-4o-mini', upstream: "Plano's own openai endpoint", accessKey: '$OPENAI_API_KEY', default: true },
          { model: 'ollama/llama3.2', upstream: 'http://host.docker.internal:11434/v1', default: false },
        ],
      }),
    inspect: async (): Promise<ContainerDetails | null> =>
      this.record('gateway.inspect', undefined, this.gatewayStatus.engine.reachable && this.gatewayStatus.containerId ? structuredClone(FAKE_CONTAINER) : null),
  };

  /** What the fake's providers.test answers; tests may replace it. */
  providerCheck: (target: ProviderTarget) => ProviderCheck = fakeProviderCheck;

  providers = {
    test: async (target: ProviderTarget): Promise<ProviderCheck> => this.record('providers.test', target, this.providerCheck(target)),
    models: async (target: ProviderTarget): Promise<string[]> => {
      const check = this.record('providers.models', target, this.providerCheck(target));
      if (!check.ok) throw new SwitchyardError(check.code ?? 'UPSTREAM_ERROR', check.message);
      return check.models;
    },
  };

  settings = {
    get: async (): Promise<SettingsView> => this.record('settings.get', undefined, { config: structuredClone(this.config), path: '/home/user/.config/switchyard/config.yaml', problems: [] }),
    validate: async ({ config }: { config: unknown }) => {
      const parsed = configFileSchema.safeParse(config);
      return parsed.success ? { ok: true, problems: [] } : { ok: false, problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
    },
    save: async ({ config }: { config: unknown }): Promise<SettingsView> => {
      this.record('settings.save', { config }, null);
      const parsed = configFileSchema.safeParse(config);
      if (!parsed.success) throw new SwitchyardError('CONFIG_INVALID', parsed.error.issues[0]!.message);
      this.config = parsed.data;
      const providers: ProviderSummary[] = Object.entries(parsed.data.providers).map(([name, p]) => ({
        name,
        type: p.type,
        baseUrl: p.base_url ?? '',
        ...(p.default_model ? { defaultModel: p.default_model } : {}),
        models: p.models,
        hasKey: this.secretsView.secrets.some((s) => s.name === name && s.set),
        prices: {},
      }));
      this.routerState = { ...this.routerState, providers };
      this.emit('router.state', this.routerState);
      return { config: structuredClone(this.config), path: '/home/user/.config/switchyard/config.yaml', problems: [] };
    },
  };

  secrets = {
    status: async (): Promise<SecretsView> => structuredClone(this.secretsView),
    set: async ({ name, value }: { name: string; value: string }): Promise<SecretsView> => {
      this.record('secrets.set', { name }, null);
      if (this.transport === 'browser') throw new SwitchyardError('INVALID_REQUEST', 'In browser mode keys come from environment variables');
      this.secretsView = { ...this.secretsView, secrets: [...this.secretsView.secrets.filter((s) => s.name !== name), { name, set: true, last4: value.slice(-4), source: 'safeStorage' }] };
      this.setHasKey(name, true);
      return structuredClone(this.secretsView);
    },
    clear: async ({ name }: { name: string }): Promise<SecretsView> => {
      this.secretsView = { ...this.secretsView, secrets: this.secretsView.secrets.filter((s) => s.name !== name) };
      this.setHasKey(name, false);
      return structuredClone(this.secretsView);
    },
  };

  history = {
    list: async (): Promise<ConversationSummary[]> => this.record('history.list', undefined, this.historyStore.list()),
    search: async ({ query }: { query: string }): Promise<ConversationSummary[]> => this.record('history.search', { query }, this.historyStore.list(query)),
    get: async ({ id }: { id: string }): Promise<Conversation> => this.record('history.get', { id }, structuredClone(this.historyStore.get(id))),
    rename: async ({ id, title }: { id: string; title: string }): Promise<ConversationSummary> => this.historyStore.rename(id, title),
    pin: async ({ id, pinned }: { id: string; pinned: boolean }): Promise<ConversationSummary> => this.record('history.pin', { id, pinned }, this.historyStore.pin(id, pinned)),
    selectVersion: async (input: { id: string; messageId: string; version: number }): Promise<Conversation> =>
      this.record('history.selectVersion', input, this.historyStore.selectVersion(input.id, input.messageId, input.version)),
    delete: async ({ id }: { id: string }): Promise<void> => {
      this.record('history.delete', { id }, null);
      this.historyStore.delete(id);
    },
    export: async ({ id, format }: { id: string; format: 'markdown' | 'json' }) => {
      const c = await this.history.get({ id });
      return format === 'json'
        ? { filename: `${c.title}.json`, mimeType: 'application/json', content: JSON.stringify(c) }
        : { filename: `${c.title}.md`, mimeType: 'text/markdown', content: c.messages.map((m) => `**${m.role}**: ${m.content}`).join('\n\n') };
    },
  };

  traffic = this.trafficLog.api;
  endpoint = this.trafficLog.endpoint;

  app = {
    errorLog: async () => ({
      path: '/home/user/.config/switchyard/logs/switchyard.log',
      entries: [{ at: '2026-11-26T10:00:00.000Z', level: 'error' as const, event: 'chat.failed', detail: '{"code":"TIMEOUT","message":"first byte timeout"}' }],
    }),
    openErrorLog: async () => {
      this.record('app.openErrorLog', undefined, null);
    },
  };

  // ---- internals -----------------------------------------------------------------------------

  private record<T>(method: string, input: unknown, value: T): T {
    this.calls.push(input === undefined ? { method } : { method, input });
    return value;
  }

  private setHasKey(name: string, hasKey: boolean): void {
    this.routerState = { ...this.routerState, providers: this.routerState.providers.map((p) => (p.name === name ? { ...p, hasKey } : p)) };
    this.emit('router.state', this.routerState);
  }

  private requireEngine(): void {
    if (!this.gatewayStatus.engine.reachable) throw new SwitchyardError('CONTAINER_FAILED', 'No container engine reachable', { retryable: true });
  }

  private transition(phase: GatewayStatus['phase'], reason: string): void {
    this.pushGatewayEvent({ at: Date.now(), kind: 'transition', phase, reason });
    this.setGatewayStatus({ phase });
  }

  private becomeReady(): void {
    const now = Date.now();
    this.pushGatewayEvent({ at: now, kind: 'health', phase: 'ready', reason: 'readiness passed', ok: true, latencyMs: 12 });
    this.setGatewayStatus({ phase: 'ready', readySince: now, startedAt: now, port: 12000, lastHealth: { at: now, ok: true, latencyMs: 12, check: 'readiness', status: 200 } });
  }
}
