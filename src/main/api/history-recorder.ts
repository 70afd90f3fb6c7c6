import type { ChatInput, ChatSettings, StoredMessage } from '../../shared/api';
import { messageText, type ChatResponse } from '../../shared/chat';
import type { StreamMeta } from '../../shared/api-transport';
import { branchAt } from '../../shared/conversation-versions';
import { newTurnMessages } from '../../shared/stored-messages';
import { serializeError, SwitchyardError, type SerializedError } from '../../shared/errors';
import { nullLogger, type Logger } from '../logging/logger';
import { newId, titleFrom, type HistoryStore } from '../stores/history-store';
import type { ApiEventBus } from './event-bus';
import type { Redact } from './redactor';

/** While a stream runs, its partial text is written at most this often. */
const PROGRESS_SAVE_MS = 500;

/**
 * Records one chat exchange in history. `begin` writes the user's message and an empty assistant message
 * before anything is sent; the assistant message then moves to complete / error / cancelled with its
 * response metadata. An ephemeral exchange (compare) records nothing.
 */
export interface ExchangeRecord {
  readonly meta: StreamMeta;
  progress(content: string): void;
  complete(response: ChatResponse): Promise<void>;
  fail(error: SerializedError, content?: string): Promise<void>;
  cancel(content: string): Promise<void>;
}

const EPHEMERAL: ExchangeRecord = {
  meta: {},
  progress: () => undefined,
  complete: async () => undefined,
  fail: async () => undefined,
  cancel: async () => undefined,
};

export class HistoryRecorder {
  constructor(
    private readonly history: HistoryStore,
    private readonly events: ApiEventBus,
    private readonly redact: Redact,
    private readonly now: () => number,
    private readonly logger: Logger = nullLogger,
  ) {}

  async begin(input: ChatInput, status: 'pending' | 'streaming'): Promise<ExchangeRecord> {
    if (input.ephemeral) return EPHEMERAL;
    const request = input.request;
    const settings = settingsOf(input);
    let conversationId = input.conversationId;
    if (conversationId === undefined) {
      const firstUser = request.messages.find((m) => m.role === 'user');
      const created = await this.history.create({ title: titleFrom(firstUser ? messageText(firstUser) : 'New conversation'), settings });
      conversationId = created.id;
    } else if (!this.history.has(conversationId)) {
      throw new SwitchyardError('NOT_FOUND', `conversation ${conversationId} not found`, { details: { field: 'conversationId' } });
    }
    const at = this.now();
    const assistant: StoredMessage = { id: newId(), role: 'assistant', content: '', createdAt: at, status };
    const id = conversationId;
    const replaceFrom = input.replaceFromMessageId;
    await this.history.update(id, (c) => {
      // Regenerate and edit: what was there from that message on becomes an earlier version of the turn.
      let branch: ReturnType<typeof branchAt> | undefined;
      if (replaceFrom !== undefined) {
        const index = c.messages.findIndex((m) => m.id === replaceFrom);
        if (index < 0) {
          throw new SwitchyardError('NOT_FOUND', `message ${replaceFrom} is not in conversation ${id}`, { details: { field: 'replaceFromMessageId' } });
        }
        branch = branchAt(c.messages, index);
        c.messages = branch.kept;
      }
      // The system prompt lives in the conversation's settings, not among its messages; the rest is kept
      // with its parts (images, tool calls, tool results), so a reloaded conversation can continue.
      for (const m of newTurnMessages(c.messages, request.messages)) c.messages.push({ id: newId(), ...this.redact(m), createdAt: at, status: 'complete' });
      c.messages.push(assistant);
      branch?.finish(c.messages);
      c.settings = { ...c.settings, ...settings };
      // Tools and JSON output are what this request asked for: switched off, they are off on reload too.
      for (const key of TURN_SETTINGS) if (settings[key] === undefined) delete c.settings[key];
    });
    this.changed(id);
    return this.record(id, assistant.id);
  }

  private record(conversationId: string, messageId: string): ExchangeRecord {
    let lastProgressAt = 0;
    let progressInFlight = false;
    let finished = false;
    const save = async (change: Partial<StoredMessage>, notify: boolean): Promise<void> => {
      try {
        await this.history.updateMessage(conversationId, messageId, this.redact(change));
        if (notify) this.changed(conversationId);
      } catch (error) {
        // The user already has the answer on screen; a failed write is logged, not turned into a failed chat.
        this.logger.log('error', 'history.write_failed', { conversationId, error: String(error) });
      }
    };
    const finish = async (change: Partial<StoredMessage>): Promise<void> => {
      finished = true;
      await save(change, true);
    };
    return {
      meta: { conversationId, messageId },
      progress: (content) => {
        const at = this.now();
        if (finished || progressInFlight || at - lastProgressAt < PROGRESS_SAVE_MS) return;
        lastProgressAt = at;
        progressInFlight = true;
        void save({ content }, false).finally(() => (progressInFlight = false));
      },
      complete: async (response) => {
        const { content, toolCalls, ...rest } = response;
        await finish({ content, status: 'complete', response: rest, ...(toolCalls?.length ? { toolCalls } : {}) });
      },
      fail: async (error, content) => {
        await finish({ status: 'error', error: serializeError(error), ...(content ? { content } : {}) });
      },
      cancel: async (content) => {
        await finish({ status: 'cancelled', content });
      },
    };
  }

  private changed(conversationId: string): void {
    this.events.emit('history.changed', { conversationId });
  }
}

const TURN_SETTINGS = ['tools', 'toolChoice', 'responseFormat'] as const;

function settingsOf(input: ChatInput): ChatSettings {
  const r = input.request;
  const settings: ChatSettings = {};
  if (r.provider !== undefined) settings.provider = r.provider;
  if (r.model !== undefined) settings.model = r.model;
  const system = r.messages.find((m) => m.role === 'system');
  if (system) settings.system = system.content;
  if (r.temperature !== undefined) settings.temperature = r.temperature;
  if (r.maxTokens !== undefined) settings.maxTokens = r.maxTokens;
  if (r.additionalParams !== undefined) settings.additionalParams = r.additionalParams;
  if (r.tools !== undefined) settings.tools = r.tools;
  if (r.toolChoice !== undefined) settings.toolChoice = r.toolChoice;
  if (r.responseFormat !== undefined) settings.responseFormat = r.responseFormat;
  return settings;
}
