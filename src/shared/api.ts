import type { ChatRequest, ChatResponse, ContentPart, ResponseFormat, RoutingMode, StreamPart, ToolCall, ToolChoice, ToolDefinition } from './chat';
import type { ConfigFile } from './config-schema';
import type { ErrorCode, SerializedError } from './errors';
import type { ContainerDetails, GatewayEvent, GatewayRoute, GatewayStatus, LogLine, PullProgress, StatsSample } from './gateway';
import type { EndpointStatus } from './endpoint';
import type { TrafficDetail, TrafficEntry, TrafficView } from './traffic';

/**
 * The one API the renderer may call, whatever the transport (Electron IPC or browser mode).
 * Every method takes at most one argument (an object) and returns a promise of a plain, JSON-safe value.
 * Errors reject with a SwitchyardError rebuilt from `{code, message, retryable, details}`.
 */

export interface ProviderSummary {
  name: string;
  type: 'openai' | 'anthropic';
  baseUrl: string;
  defaultModel?: string;
  models: string[];
  /** Whether a key is available; the key itself never leaves main. */
  hasKey: boolean;
  prices: Record<string, { inputPerMTok: number; outputPerMTok: number }>;
  /** Set while the provider is cooling down (skipped after failing too often) on some path: until when. */
  cooldown?: { via: RoutingMode; until: number; failures: number };
}

export interface RouterState {
  mode: RoutingMode;
  /** The path serving requests right now (direct while embedded mode is fallen back). */
  servedBy: RoutingMode;
  fallbackActive: boolean;
  fallbackReason?: string;
  providers: ProviderSummary[];
  /** Latest latency per hop, for the mode diagram. */
  lastLatencyMs: Partial<Record<RoutingMode, number>>;
  /** Problems with the config file on disk (the app then runs on defaults); empty when it is fine. */
  configProblems: ConfigProblem[];
  /** The last health check of the Plano proxy's URL (made when that URL changes). */
  proxyHealth?: ProxyHealth;
}

export interface ProxyHealth {
  url: string;
  /** `checking` while the request is out. */
  state: 'checking' | 'healthy' | 'failing';
  at: number;
  latencyMs?: number;
  status?: number;
  error?: string;
}

export interface ModelInfo {
  id: string;
  provider: string;
  source: 'config' | 'gateway';
  /** Embedded mode: the name the generated Plano config gives this model (what goes to the gateway). */
  planoModel?: string;
}

export interface ConfigProblem {
  /** Dotted path, e.g. `routing.plano_proxy.timeout`. */
  path: string;
  message: string;
  line?: number;
}

export interface SettingsView {
  config: ConfigFile;
  /** Where the file lives, so the user can edit it by hand. */
  path: string;
  /** Problems with the file on disk; when present the app is running on defaults and the file is untouched. */
  problems: ConfigProblem[];
}

export interface SecretStatus {
  /** Provider name, or `plano_proxy`. */
  name: string;
  set: boolean;
  /** Last four characters, for recognition. */
  last4?: string;
  source: 'safeStorage' | 'environment' | 'config' | 'none';
  /**
   * The environment variable the key is read from, or would be: the config's `$NAME` reference, else the
   * conventional `<NAME>_API_KEY`. With `set: false` and `referenced: true` that variable is not set.
   */
  envVar?: string;
  /** The config names `envVar` explicitly (`api_key: $NAME`). */
  referenced?: boolean;
}

export interface SecretsView {
  /** `safeStorage` under Electron; `environment` in browser mode (keys come from env vars). */
  backend: 'safeStorage' | 'environment';
  secrets: SecretStatus[];
}

export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'error' | 'cancelled';

export interface StoredMessage {
  id: string;
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** The text (of a message with images: its text parts joined, each image as `[image]`). */
  content: string;
  /** User messages with images: the content as sent, text and images in order. */
  parts?: ContentPart[];
  /** Assistant messages: the calls the model asked for, complete. */
  toolCalls?: ToolCall[];
  /** Tool messages: the call this result answers. */
  toolCallId?: string;
  createdAt: number;
  status: MessageStatus;
  /** Assistant messages: everything but the content and tool calls of the response (usage, model, trace). */
  response?: Omit<ChatResponse, 'content'>;
  error?: SerializedError;
  /**
   * Other versions of this turn (regenerated or edited), each with the messages that followed it.
   * Present on the first message of a turn that has more than one version.
   */
  versions?: TurnVersions;
}

export interface TurnVersions {
  /** This message's place among all versions, 0-based (the UI shows index + 1 of others.length + 1). */
  index: number;
  /** The versions not shown, in order, each the conversation's tail from this turn on. */
  others: StoredMessage[][];
}

export interface ChatSettings {
  provider?: string;
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  additionalParams?: Record<string, unknown>;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  settings: ChatSettings;
  messages: StoredMessage[];
  pinned?: boolean;
  /** The user named it: the title no longer follows the first message. */
  titleSet?: boolean;
}

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  preview: string;
  pinned: boolean;
  /** Search results: the text around the first match. */
  match?: string;
}

export interface ChatInput {
  /** Omit to start a new conversation (created and saved before the request is sent). */
  conversationId?: string;
  /**
   * Edit-and-resend / regenerate: this message and everything after it become an earlier version of the
   * turn (kept and switchable when it holds an answer; a failed attempt is dropped), and the new exchange
   * takes its place.
   */
  replaceFromMessageId?: string;
  request: ChatRequest;
  /** Compare: route this one request through a given mode without changing the router's mode. */
  mode?: RoutingMode;
  /** Compare: do not save to history. */
  ephemeral?: boolean;
}

export interface ChatResult {
  conversationId?: string;
  messageId?: string;
  response: ChatResponse;
}

/** A provider that is not saved yet (or is being edited), as the Settings form holds it: file shape. */
export interface ProviderDraft {
  type: 'openai' | 'anthropic';
  base_url?: string;
  /** A key typed in the form, or a `$ENV` reference. */
  api_key?: string;
  headers?: Record<string, string>;
}

/**
 * Which provider to ask: a saved one by name, a draft, or both (an edit). A saved provider's key is used
 * only toward its saved base URL; a draft with another URL must bring its own key.
 */
export interface ProviderTarget {
  name?: string;
  draft?: ProviderDraft;
}

/** What a provider's models endpoint answered. */
export interface ProviderCheck {
  ok: boolean;
  url: string;
  status?: number;
  latencyMs: number;
  models: string[];
  /** One sentence for the user: what answered, or why it failed. */
  message: string;
  code?: ErrorCode;
}

export interface ErrorLogEntry {
  at: string;
  level: 'warn' | 'error';
  event: string;
  /** The record's other fields, as JSON. */
  detail: string;
}

export interface ExportResult {
  filename: string;
  mimeType: string;
  content: string;
}

export interface SwitchyardApi {
  chat: {
    send(input: ChatInput): Promise<ChatResult>;
  };
  router: {
    state(): Promise<RouterState>;
    setMode(input: { mode: RoutingMode }): Promise<RouterState>;
    /** Validates and saves one mode's section of the config (`plano_proxy` or `plano_embedded` shape). */
    updateModeSettings(input: { mode: RoutingMode; settings: unknown }): Promise<RouterState>;
    listModels(): Promise<ModelInfo[]>;
  };
  gateway: {
    status(): Promise<GatewayStatus>;
    start(): Promise<GatewayStatus>;
    stop(): Promise<GatewayStatus>;
    restart(): Promise<GatewayStatus>;
    logs(input: { sinceSeq?: number }): Promise<LogLine[]>;
    /** The generated plano_config.yaml and, read from it, where Plano sends each model. */
    config(): Promise<{ yaml: string; routes: GatewayRoute[] }>;
    /** The gateway container as the engine describes it; null when there is none. */
    inspect(): Promise<ContainerDetails | null>;
  };
  providers: {
    /** Asks the provider's models endpoint; never throws for an upstream failure (the result says it). */
    test(input: ProviderTarget): Promise<ProviderCheck>;
    /** The provider's model ids from its models endpoint; rejects with the coded upstream error. */
    models(input: ProviderTarget): Promise<string[]>;
  };
  settings: {
    get(): Promise<SettingsView>;
    validate(input: { config: unknown }): Promise<{ ok: boolean; problems: ConfigProblem[] }>;
    save(input: { config: unknown }): Promise<SettingsView>;
  };
  secrets: {
    status(): Promise<SecretsView>;
    set(input: { name: string; value: string }): Promise<SecretsView>;
    clear(input: { name: string }): Promise<SecretsView>;
  };
  history: {
    list(): Promise<ConversationSummary[]>;
    get(input: { id: string }): Promise<Conversation>;
    rename(input: { id: string; title: string }): Promise<ConversationSummary>;
    pin(input: { id: string; pinned: boolean }): Promise<ConversationSummary>;
    /** Titles and message text; newest first, each with the text around its first match. */
    search(input: { query: string }): Promise<ConversationSummary[]>;
    /** Shows another version of a turn (and what followed it). */
    selectVersion(input: { id: string; messageId: string; version: number }): Promise<Conversation>;
    delete(input: { id: string }): Promise<void>;
    export(input: { id: string; format: 'markdown' | 'json' }): Promise<ExportResult>;
  };
  endpoint: {
    status(): Promise<EndpointStatus>;
    /** The Settings switch: saves `endpoint.enabled` and resolves once the endpoint has started or stopped. */
    setEnabled(input: { enabled: boolean }): Promise<EndpointStatus>;
    /** The local key in full, for the copy button (it lets local tools in, nothing more). */
    revealKey(): Promise<{ key: string }>;
    /** A new local key; clients holding the old one get 401 from now on. */
    regenerateKey(): Promise<EndpointStatus>;
  };
  traffic: {
    list(): Promise<TrafficView>;
    get(input: { id: string }): Promise<TrafficDetail>;
    clear(): Promise<TrafficView>;
    /** Keep the log (bodies included) in the data folder across restarts, or only in memory. */
    setPersist(input: { persist: boolean }): Promise<TrafficView>;
    /** Every request with its bodies as JSON lines. */
    export(): Promise<ExportResult>;
  };
  app: {
    /** Where the structured log lives and its latest errors and warnings; `open` asks the OS to show it (Electron). */
    errorLog(): Promise<{ path: string; entries: ErrorLogEntry[] }>;
    openErrorLog(): Promise<void>;
  };
}

/** Commands from the desktop app's menus to the page: start a new chat, show the gateway dashboard. */
export interface AppCommand {
  command: 'new-chat' | 'open-gateway';
}

export interface ApiEvents {
  'router.state': RouterState;
  'gateway.status': GatewayStatus;
  'gateway.event': GatewayEvent;
  'gateway.log': LogLine;
  'gateway.stats': StatsSample;
  'gateway.pull': PullProgress;
  'history.changed': { conversationId: string };
  /** A request began or ended (the entry as it is now). */
  'traffic.entry': TrafficEntry;
  'traffic.cleared': Record<string, never>;
  'endpoint.status': EndpointStatus;
  'app.command': AppCommand;
}

export type ApiEventName = keyof ApiEvents;

export interface StreamHandle {
  /** Resolves when the stream has ended (finish, error or cancel). */
  done: Promise<void>;
  cancel(): void;
}

/** What the renderer holds: window.switchyard under Electron, the WebSocket client in browser mode. */
export interface SwitchyardBridge extends SwitchyardApi {
  /** Streams a chat; parts arrive in order and the last one is `finish` or `error` (CANCELLED on cancel). */
  streamChat(input: ChatInput, onPart: (part: StreamPart, meta: { conversationId?: string; messageId?: string }) => void): StreamHandle;
  on<E extends ApiEventName>(event: E, handler: (payload: ApiEvents[E]) => void): () => void;
  /** Which transport this is; the UI says "browser mode" where that matters (secrets come from env). */
  readonly transport: 'electron' | 'browser';
}

type MethodPaths<T> = {
  [N in keyof T & string]: { [M in keyof T[N] & string]: `${N}.${M}` }[keyof T[N] & string];
}[keyof T & string];

/** `chat.send`, `router.state`, ... — the channel names, derived from the interface. */
export type ApiMethodName = MethodPaths<SwitchyardApi>;
