import type { ChatRequest, ChatResponse, RoutingMode, StreamPart } from './chat';
import type { ConfigFile } from './config-schema';
import type { SerializedError } from './errors';
import type { GatewayEvent, GatewayStatus, LogLine, PullProgress, StatsSample } from './gateway';

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
}

export interface SecretsView {
  /** `safeStorage` under Electron; `environment` in browser mode (keys come from env vars). */
  backend: 'safeStorage' | 'environment';
  secrets: SecretStatus[];
}

export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'error' | 'cancelled';

export interface StoredMessage {
  id: string;
  role: 'system' | 'user' | 'assistant';
  content: string;
  createdAt: number;
  status: MessageStatus;
  /** Assistant messages: everything but the content of the response (usage, model, trace). */
  response?: Omit<ChatResponse, 'content'>;
  error?: SerializedError;
}

export interface ChatSettings {
  provider?: string;
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  additionalParams?: Record<string, unknown>;
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  settings: ChatSettings;
  messages: StoredMessage[];
}

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  preview: string;
}

export interface ChatInput {
  /** Omit to start a new conversation (created and saved before the request is sent). */
  conversationId?: string;
  /** Edit-and-resend / regenerate: drop this message and everything after it first. */
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
    config(): Promise<{ yaml: string }>;
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
    delete(input: { id: string }): Promise<void>;
    export(input: { id: string; format: 'markdown' | 'json' }): Promise<ExportResult>;
  };
  app: {
    /** Where the structured error log lives; `open` asks the OS to show it (Electron) or returns its tail. */
    errorLog(): Promise<{ path: string; tail: string[] }>;
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
