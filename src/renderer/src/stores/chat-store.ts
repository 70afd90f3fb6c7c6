import { createStore } from 'zustand/vanilla';
import type { ChatInput, StoredMessage, StreamHandle, SwitchyardBridge } from '../../../shared/api';
import type { RoutingMode } from '../../../shared/chat';
import { branchAt } from '../../../shared/conversation-versions';
import { serializeError, type SerializedError } from '../../../shared/errors';
import { chatMessageOf, storedContent, type TurnMessage } from '../../../shared/stored-messages';
import { titleFromText } from '../../../shared/titles';
import { draftImageOf, imagePartOf, readImages, type DraftImage } from './attachments';
import { buildRequest, openToolCalls, textAndImages, turnStart, userContent } from './chat-request';
import type { ParamsStore } from './params-store';
import { ToolCallParts } from './tool-call-parts';

/**
 * The active conversation: streaming replies (text and tool calls), stop, regenerate, edit-and-resend,
 * attached images, results typed for the model's tool calls, inline errors. The prompt draft is only
 * cleared once a send has been accepted, and a failed reply puts the text, images and tool results back,
 * so nothing the user typed is lost.
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
  /** Images attached to the draft. */
  images: DraftImage[];
  /** What the user typed as the result of each open tool call, by call id. */
  toolReplies: Record<string, string>;
  streaming: boolean;
  loading: boolean;
  /** A problem before any reply existed (bad parameters, a conversation that would not load). */
  notice?: SerializedError;
  open(id: string): Promise<void>;
  newChat(): void;
  setDraft(text: string): void;
  /** Attaches image files (from the picker or a paste); a file that cannot be sent is named in the notice. */
  attachImages(files: File[]): Promise<void>;
  removeImage(index: number): void;
  setToolReply(callId: string, text: string): void;
  /** Sends the draft, or (when the last reply called tools) the tool results and the draft after them. */
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
     * Sends `added` (the user's message, or tool results) after `history`. With `replaceFrom`, the turn
     * replaces the one starting at that message, which (when it holds an answer) becomes an earlier
     * version, shown as ‹n/n› at once. `mode` sends it through another route (a retry on Direct).
     */
    const runTurn = (history: ChatMessageView[], added: TurnMessage[], replaceFrom?: { messages: ChatMessageView[]; at: number }, mode?: RoutingMode): void => {
      if (get().streaming) return;
      const settings = params.getState().toChatSettings();
      if (!settings) {
        set({ notice: { code: 'VALIDATION_FAILED', message: 'Fix the highlighted parameters before sending.', retryable: false } });
        return;
      }
      const turnViews = added.map((m): ChatMessageView => {
        const id = localId();
        return { id, uiKey: id, ...storedContent(m), createdAt: Date.now(), status: 'complete' };
      });
      let assistantId = localId();
      const assistant: ChatMessageView = { id: assistantId, uiKey: assistantId, role: 'assistant', content: '', createdAt: Date.now(), status: 'pending' };
      const myTurn = ++turn;
      const messages = [...history, ...turnViews, assistant];
      const branch = replaceFrom && branchAt(replaceFrom.messages, replaceFrom.at);
      branch?.finish(messages);
      set({ messages, streaming: true, notice: undefined });
      const firstUser = turnViews.find((m) => m.role === 'user');

      const input: ChatInput = { request: buildRequest(history, added, settings) };
      if (mode) input.mode = mode;
      const { conversationId } = get();
      if (conversationId) input.conversationId = conversationId;
      const replaceFromMessageId = replaceFrom?.messages[replaceFrom.at]?.id;
      if (replaceFromMessageId && !replaceFromMessageId.startsWith('local-')) input.replaceFromMessageId = replaceFromMessageId;
      /** A failed turn gives back what the user typed for it, where they would type it again. */
      const giveBack = (): void => {
        const { draft, images, toolReplies } = get();
        const typed = firstUser ? textAndImages(firstUser) : { text: '', images: [] };
        const replies = { ...toolReplies };
        for (const m of turnViews) if (m.role === 'tool' && m.toolCallId && !replies[m.toolCallId]) replies[m.toolCallId] = m.content;
        const emptyBox = draft.trim() === '' && images.length === 0;
        set({ toolReplies: replies, ...(emptyBox ? { draft: typed.text, images: typed.images.map(draftImageOf) } : {}) });
      };

      const sentAt = performance.now();
      let firstDeltaAt: number | undefined;
      let buffer = '';
      let flushTimer: ReturnType<typeof setTimeout> | undefined;
      const calls = new ToolCallParts();
      const flush = (): void => {
        flushTimer = undefined;
        if ((!buffer && !calls.changed) || myTurn !== turn) return;
        const text = buffer;
        buffer = '';
        const toolCalls = calls.take();
        set({
          messages: get().messages.map((m) =>
            m.id === assistantId
              ? { ...m, content: m.content + text, ...(toolCalls ? { toolCalls } : {}), status: 'streaming', liveTtftMs: m.liveTtftMs ?? Math.round((firstDeltaAt ?? performance.now()) - sentAt) }
              : m,
          ),
        });
      };

      let savedTo: string | undefined;
      try {
        handle = bridge.streamChat(input, (part, meta) => {
          if (myTurn !== turn) return;
          if (meta.conversationId && !get().conversationId) set({ conversationId: meta.conversationId, title: titleFromText(firstUser?.content ?? '') });
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
            case 'tool-call-start':
            case 'tool-call-delta':
            case 'tool-call':
              firstDeltaAt ??= performance.now();
              calls.add(part);
              flushTimer ??= setTimeout(flush, FLUSH_INTERVAL_MS);
              break;
            case 'finish': {
              if (flushTimer) clearTimeout(flushTimer);
              flush();
              const { content, toolCalls, ...response } = part.response;
              patchMessage(assistantId, { status: 'complete', content, response, ...(toolCalls?.length ? { toolCalls } : {}) });
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
              if (!cancelled) giveBack();
              set({ streaming: false });
              break;
            }
          }
        });
      } catch (error) {
        // The transport refused before streaming (for example the browser bridge is disconnected).
        const serialized = serializeError(error);
        patchMessage(assistantId, { status: 'error', error: serialized, errorAt: Date.now() });
        giveBack();
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
      images: [],
      toolReplies: {},
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
          set({ conversationId: conv.id, title: conv.title, messages: conv.messages, toolReplies: {}, loading: false });
        } catch (error) {
          if (myTurn !== turn) return;
          set({ loading: false, notice: serializeError(error) });
        }
      },
      newChat() {
        handle?.cancel();
        turn++;
        handle = undefined;
        set({ conversationId: undefined, title: undefined, messages: [], toolReplies: {}, streaming: false, notice: undefined });
      },
      setDraft(text) {
        set({ draft: text });
      },
      async attachImages(files) {
        const { images, problems } = await readImages(files);
        set({ images: [...get().images, ...images], notice: problems.length > 0 ? { code: 'VALIDATION_FAILED', message: problems.join(' '), retryable: false } : get().notice });
      },
      removeImage(index) {
        set({ images: get().images.filter((_, i) => i !== index) });
      },
      setToolReply(callId, text) {
        set({ toolReplies: { ...get().toolReplies, [callId]: text } });
      },
      send() {
        const { draft: text, images, toolReplies, streaming, messages: msgs } = get();
        if (streaming) return;
        // Sending again after a failed reply replaces that failed turn instead of adding a second copy.
        const failedAt = msgs.at(-1)?.status === 'error' ? turnStart(msgs, msgs.length - 1) : -1;
        const history = failedAt >= 0 ? msgs.slice(0, failedAt) : msgs;
        const calls = openToolCalls(history);
        const unanswered = calls.filter((c) => !toolReplies[c.id]?.trim());
        if (unanswered.length > 0) {
          const names = unanswered.map((c) => `${c.name} (${c.id})`).join(', ');
          set({ notice: { code: 'VALIDATION_FAILED', message: `Type a result for each tool call before sending; waiting for: ${names}.`, retryable: false } });
          return;
        }
        const typed = text.trim() !== '' || images.length > 0;
        if (!typed && calls.length === 0) return;
        const added: TurnMessage[] = calls.map((c) => ({ role: 'tool', toolCallId: c.id, content: toolReplies[c.id]! }));
        if (typed) added.push({ role: 'user', content: userContent(text, images.map(imagePartOf)) });
        set({ draft: '', images: [] });
        runTurn(history, added, failedAt >= 0 ? { messages: msgs, at: failedAt } : undefined);
        // A send refused before starting (invalid parameters) keeps the draft.
        if (!get().streaming && get().notice) set({ draft: text, images });
      },
      stop() {
        handle?.cancel();
      },
      regenerate(assistantId, mode) {
        const msgs = get().messages;
        const at = msgs.findIndex((m) => m.id === assistantId);
        const start = at < 0 ? -1 : turnStart(msgs, at);
        if (start < 0 || start === at) return;
        const again = msgs.slice(start, at);
        const user = again.find((m) => m.role === 'user');
        if (user && get().draft === textAndImages(user).text) set({ draft: '', images: [] });
        runTurn(msgs.slice(0, start), again.map(chatMessageOf).filter((m) => m !== undefined), { messages: msgs, at }, mode);
      },
      editAndResend(userMessageId, text) {
        const msgs = get().messages;
        const at = msgs.findIndex((m) => m.id === userMessageId);
        if (at < 0 || !text.trim()) return;
        // The edit is of the text; images attached to the message go with it again.
        runTurn(msgs.slice(0, at), [{ role: 'user', content: userContent(text, textAndImages(msgs[at]!).images) }], { messages: msgs, at });
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
