import { createStore } from 'zustand/vanilla';
import type { ChatInput, ChatSettings, StoredMessage, StreamHandle, SwitchyardBridge } from '../../../shared/api';
import type { ChatMessage, RoutingMode } from '../../../shared/chat';
import { branchAt } from '../../../shared/conversation-versions';
import { serializeError, type SerializedError } from '../../../shared/errors';
import { titleFromText } from '../../../shared/titles';
import type { ParamsStore } from './params-store';

/**
 * The active conversation: streaming replies, stop, regenerate, edit-and-resend, inline errors.
 * The prompt draft is only cleared once a send has been accepted, and a failed reply puts the text back
 * into an empty prompt box, so nothing the user typed is lost.
 */

export interface ChatMessageView extends StoredMessage {
  /** From the stream's `start` part: what is serving this reply right now. */
  route?: { mode: RoutingMode; provider: string; model: string };
  /** Stable across the local → server id change, so the row (and its expanded trace) is not remounted. */
  uiKey?: string;
  /** Client-side time to the first token while streaming (the trace's figure replaces it at the end). */
  liveTtftMs?: number;
  /** When a failure arrived in this window (a Retry-After countdown runs from it). */
  errorAt?: number;
}

export interface ChatStoreState {
  conversationId?: string;
  title?: string;
  messages: ChatMessageView[];
  draft: string;
  streaming: boolean;
  loading: boolean;
  /** A problem before any reply existed (bad parameters, a conversation that would not load). */
  notice?: SerializedError;
  open(id: string): Promise<void>;
  newChat(): void;
  setDraft(text: string): void;
  send(): void;
  stop(): void;
  /** Regenerate (or retry) the assistant reply with this id; `mode` sends the retry through another route. */
  regenerate(assistantId: string, mode?: RoutingMode): void;
  editAndResend(userMessageId: string, text: string): void;
  /** Shows another version of the turn that starts at this message. */
  selectVersion(messageId: string, version: number): Promise<void>;
  /** Opens the conversation that was open when the window closed, if it still exists. */
  restoreLast(): Promise<void>;
  dismissNotice(): void;
}

/** How often buffered deltas are flushed into state: one render per frame, not one per token. */
export const FLUSH_INTERVAL_MS = 16;

let localCounter = 0;
const localId = (): string => `local-${Date.now().toString(36)}-${(localCounter++).toString(36)}`;

const DRAFT_KEY = 'switchyard.draft.v1';
const LAST_CONVERSATION_KEY = 'switchyard.lastConversation.v1';

export function createChatStore(bridge: SwitchyardBridge, params: ParamsStore, storage: Storage | undefined = globalThis.localStorage) {
  /** The draft (and the open conversation) survive a reload or a crash of the window. */
  const remember = (key: string, text: string | undefined): void => {
    try {
      if (text) storage?.setItem(key, text);
      else storage?.removeItem(key);
    } catch {
      // Storage unavailable: kept in memory only.
    }
  };
  let initialDraft = '';
  try {
    initialDraft = storage?.getItem(DRAFT_KEY) ?? '';
  } catch {
    initialDraft = '';
  }
  let handle: StreamHandle | undefined;
  /** Increments on every turn and on navigation, so parts of an abandoned stream are ignored. */
  let turn = 0;

  const store = createStore<ChatStoreState>()((set, get) => {
    const patchMessage = (id: string, patch: Partial<ChatMessageView>): void => {
      set({ messages: get().messages.map((m) => (m.id === id ? { ...m, ...patch } : m)) });
    };

    /**
     * Sends `userText` after `history`. With `replaceFrom`, the turn replaces the one starting at that
     * message, which (when it holds an answer) becomes an earlier version, shown as ‹n/n› at once. `mode`
     * sends it through another route (a retry on Direct).
     */
    const runTurn = (history: ChatMessageView[], userText: string, replaceFrom?: { messages: ChatMessageView[]; at: number }, mode?: RoutingMode): void => {
      if (get().streaming) return;
      const settings = params.getState().toChatSettings();
      if (!settings) {
        set({ notice: { code: 'VALIDATION_FAILED', message: 'Fix the highlighted parameters before sending.', retryable: false } });
        return;
      }
      const userId = localId();
      const user: ChatMessageView = { id: userId, uiKey: userId, role: 'user', content: userText, createdAt: Date.now(), status: 'complete' };
      let assistantId = localId();
      const assistant: ChatMessageView = { id: assistantId, uiKey: assistantId, role: 'assistant', content: '', createdAt: Date.now(), status: 'pending' };
      const myTurn = ++turn;
      const messages = [...history, user, assistant];
      const branch = replaceFrom && branchAt(replaceFrom.messages, replaceFrom.at);
      branch?.finish(messages);
      set({ messages, streaming: true, notice: undefined });

      const input: ChatInput = { request: buildRequest(history, userText, settings) };
      if (mode) input.mode = mode;
      const { conversationId } = get();
      if (conversationId) input.conversationId = conversationId;
      const replaceFromMessageId = replaceFrom?.messages[replaceFrom.at]?.id;
      if (replaceFromMessageId && !replaceFromMessageId.startsWith('local-')) input.replaceFromMessageId = replaceFromMessageId;

      const sentAt = performance.now();
      let firstDeltaAt: number | undefined;
      let buffer = '';
      let flushTimer: ReturnType<typeof setTimeout> | undefined;
      const flush = (): void => {
        flushTimer = undefined;
        if (!buffer || myTurn !== turn) return;
        const text = buffer;
        buffer = '';
        set({
          messages: get().messages.map((m) =>
            m.id === assistantId ? { ...m, content: m.content + text, status: 'streaming', liveTtftMs: m.liveTtftMs ?? Math.round((firstDeltaAt ?? performance.now()) - sentAt) } : m,
          ),
        });
      };

      let savedTo: string | undefined;
      try {
        handle = bridge.streamChat(input, (part, meta) => {
          if (myTurn !== turn) return;
          if (meta.conversationId && !get().conversationId) set({ conversationId: meta.conversationId, title: titleFromText(userText) });
          if (meta.conversationId) savedTo = meta.conversationId;
          if (meta.messageId && meta.messageId !== assistantId) {
            patchMessage(assistantId, { id: meta.messageId });
            assistantId = meta.messageId;
          }
          switch (part.type) {
            case 'start':
              patchMessage(assistantId, { status: 'streaming', route: { mode: part.mode, provider: part.provider, model: part.model } });
              break;
            case 'text-delta':
              firstDeltaAt ??= performance.now();
              buffer += part.text;
              flushTimer ??= setTimeout(flush, FLUSH_INTERVAL_MS);
              break;
            case 'finish': {
              if (flushTimer) clearTimeout(flushTimer);
              flush();
              const { content, ...response } = part.response;
              patchMessage(assistantId, { status: 'complete', content, response });
              set({ streaming: false });
              break;
            }
            case 'error': {
              if (flushTimer) clearTimeout(flushTimer);
              flush();
              const cancelled = part.error.code === 'CANCELLED';
              patchMessage(assistantId, {
                status: cancelled ? 'cancelled' : 'error',
                error: part.error,
                errorAt: Date.now(),
                ...(part.trace ? { response: traceOnlyResponse(part.trace) } : {}),
              });
              if (!cancelled && get().draft.trim() === '') set({ draft: userText });
              set({ streaming: false });
              break;
            }
          }
        });
      } catch (error) {
        // The transport refused before streaming (for example the browser bridge is disconnected).
        const serialized = serializeError(error);
        patchMessage(assistantId, { status: 'error', error: serialized, errorAt: Date.now() });
        if (get().draft.trim() === '') set({ draft: userText });
        set({ streaming: false });
        handle = undefined;
        return;
      }
      void handle.done.finally(() => {
        if (myTurn !== turn) return;
        handle = undefined;
        set({ streaming: false });
        if (savedTo) void syncIds(savedTo, myTurn);
      });
    };

    /** After a turn, take the server's message ids (needed for regenerate/edit) without losing what is shown. */
    const syncIds = async (conversationId: string, forTurn: number): Promise<void> => {
      try {
        const conv = await bridge.history.get({ id: conversationId });
        if (forTurn !== turn || get().conversationId !== conversationId) return;
        // Align from the end: the server may hold more at the start (it stores the system prompt of a new
        // conversation as its first message).
        const local = [...get().messages];
        let s = conv.messages.length - 1;
        for (let l = local.length - 1; l >= 0 && s >= 0; l--, s--) {
          const server = conv.messages[s]!;
          if (server.role !== local[l]!.role) break;
          const { versions: _localVersions, ...rest } = local[l]!;
          local[l] = { ...rest, id: server.id, ...(server.versions ? { versions: server.versions } : {}) };
        }
        set({ title: conv.title, messages: local });
      } catch {
        // Ids stay local: regenerate then resends without replacing; nothing visible is lost.
      }
    };

    return {
      messages: [],
      draft: initialDraft,
      streaming: false,
      loading: false,
      async open(id) {
        // Leaving a streaming reply stops it (the server keeps what arrived, marked cancelled).
        handle?.cancel();
        const myTurn = ++turn;
        handle = undefined;
        set({ loading: true, streaming: false, notice: undefined });
        try {
          const conv = await bridge.history.get({ id });
          if (myTurn !== turn) return;
          params.getState().applySettings(conv.settings);
          set({ conversationId: conv.id, title: conv.title, messages: conv.messages, loading: false });
        } catch (error) {
          if (myTurn !== turn) return;
          set({ loading: false, notice: serializeError(error) });
        }
      },
      newChat() {
        handle?.cancel();
        turn++;
        handle = undefined;
        set({ conversationId: undefined, title: undefined, messages: [], streaming: false, notice: undefined });
      },
      setDraft(text) {
        set({ draft: text });
      },
      send() {
        const text = get().draft;
        if (!text.trim() || get().streaming) return;
        set({ draft: '' });
        const msgs = get().messages;
        // Sending again after a failed reply replaces that failed turn instead of adding a second copy.
        const failedAt = msgs.at(-1)?.status === 'error' ? findLastIndex(msgs, (m) => m.role === 'user', msgs.length - 1) : -1;
        if (failedAt >= 0) runTurn(msgs.slice(0, failedAt), text, { messages: msgs, at: failedAt });
        else runTurn(msgs, text);
        // A send refused before starting (invalid parameters) keeps the draft.
        if (!get().streaming && get().notice) set({ draft: text });
      },
      stop() {
        handle?.cancel();
      },
      regenerate(assistantId, mode) {
        const msgs = get().messages;
        const at = msgs.findIndex((m) => m.id === assistantId);
        const userAt = findLastIndex(msgs, (m) => m.role === 'user', at);
        if (at < 0 || userAt < 0) return;
        const user = msgs[userAt]!;
        if (get().draft === user.content) set({ draft: '' });
        runTurn(msgs.slice(0, userAt), user.content, { messages: msgs, at }, mode);
      },
      editAndResend(userMessageId, text) {
        const msgs = get().messages;
        const at = msgs.findIndex((m) => m.id === userMessageId);
        if (at < 0 || !text.trim()) return;
        runTurn(msgs.slice(0, at), text, { messages: msgs, at });
      },
      async selectVersion(messageId, version) {
        const { conversationId, streaming } = get();
        if (!conversationId || streaming || messageId.startsWith('local-')) return;
        const myTurn = turn;
        try {
          const conv = await bridge.history.selectVersion({ id: conversationId, messageId, version });
          if (myTurn !== turn || get().conversationId !== conversationId) return;
          set({ title: conv.title, messages: conv.messages, notice: undefined });
        } catch (error) {
          set({ notice: serializeError(error) });
        }
      },
      async restoreLast() {
        let id: string | null = null;
        try {
          id = storage?.getItem(LAST_CONVERSATION_KEY) ?? null;
        } catch {
          id = null;
        }
        if (!id || get().conversationId || get().messages.length > 0) return;
        await get().open(id);
        // A conversation deleted meanwhile is simply not reopened.
        if (get().notice?.code === 'NOT_FOUND') {
          set({ notice: undefined });
          remember(LAST_CONVERSATION_KEY, undefined);
        }
      },
      dismissNotice() {
        set({ notice: undefined });
      },
    };
  });
  store.subscribe((s, prev) => {
    if (s.draft !== prev.draft) remember(DRAFT_KEY, s.draft);
    if (s.conversationId !== prev.conversationId) remember(LAST_CONVERSATION_KEY, s.conversationId);
  });
  return store;
}

function findLastIndex<T>(items: T[], pred: (item: T) => boolean, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (pred(items[i]!)) return i;
  return -1;
}

/** Builds the request from what is on screen: failed turns are left out, the system prompt goes first. */
export function buildRequest(history: ChatMessageView[], userText: string, settings: ChatSettings): ChatInput['request'] {
  const messages: ChatMessage[] = [];
  if (settings.system) messages.push({ role: 'system', content: settings.system });
  for (let i = 0; i < history.length; i++) {
    const m = history[i]!;
    const next = history[i + 1];
    if (m.role === 'user' && next?.role === 'assistant' && next.status === 'error') continue;
    if (m.role === 'assistant' && (m.status === 'error' || m.content === '')) continue;
    if (m.role === 'system') continue;
    messages.push({ role: m.role, content: m.content });
  }
  messages.push({ role: 'user', content: userText });
  const request: ChatInput['request'] = { messages, stream: true };
  if (settings.provider) request.provider = settings.provider;
  if (settings.model) request.model = settings.model;
  if (settings.temperature !== undefined) request.temperature = settings.temperature;
  if (settings.maxTokens !== undefined) request.maxTokens = settings.maxTokens;
  if (settings.additionalParams) request.additionalParams = settings.additionalParams;
  return request;
}

/** An error part may carry the trace of what was tried; show it in the badge like a response's. */
function traceOnlyResponse(trace: NonNullable<ChatMessageView['response']>['trace']): NonNullable<ChatMessageView['response']> {
  const last = trace.attempts.at(-1);
  return {
    id: '',
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    model: '',
    provider: last?.target ?? '',
    latencyMs: trace.latencyMs,
    metadata: {},
    trace,
  };
}

export type ChatStore = ReturnType<typeof createChatStore>;
