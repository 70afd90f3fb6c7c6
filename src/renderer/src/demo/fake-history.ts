import type { ChatInput, Conversation, ConversationSummary, StoredMessage } from '../../../shared/api';
import { messageText, type StreamPart } from '../../../shared/chat';
import { branchAt, firstUserText, selectVersion } from '../../../shared/conversation-versions';
import { newTurnMessages } from '../../../shared/stored-messages';
import { SwitchyardError } from '../../../shared/errors';
import { titleFromText } from '../../../shared/titles';

/**
 * The fake bridge's history, recording an exchange as the real history recorder does (the user's turn and
 * an empty assistant message before anything streams, then its outcome) and keeping versions with the
 * same shared rules as the real store.
 */
export class FakeHistory {
  readonly conversations = new Map<string, Conversation>();

  constructor(
    initial: Conversation[],
    private readonly nextId: () => string,
    private readonly changed: (conversationId: string) => void,
  ) {
    for (const c of initial) this.conversations.set(c.id, structuredClone(c));
  }

  list(query = ''): ConversationSummary[] {
    const q = query.trim().toLowerCase();
    const out: ConversationSummary[] = [];
    for (const c of this.conversations.values()) {
      const summary = summarize(c);
      if (q) {
        const hit = c.messages.find((m) => m.content.toLowerCase().includes(q));
        if (!c.title.toLowerCase().includes(q) && !hit) continue;
        if (hit && !c.title.toLowerCase().includes(q)) summary.match = hit.content.slice(0, 80);
      }
      out.push(summary);
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id: string): Conversation {
    const c = this.conversations.get(id);
    if (!c) throw new SwitchyardError('NOT_FOUND', `conversation ${id} not found`);
    return c;
  }

  rename(id: string, title: string): ConversationSummary {
    const c = this.get(id);
    c.title = title;
    c.titleSet = true;
    this.changed(id);
    return summarize(c);
  }

  pin(id: string, pinned: boolean): ConversationSummary {
    const c = this.get(id);
    c.pinned = pinned;
    this.changed(id);
    return summarize(c);
  }

  selectVersion(id: string, messageId: string, version: number): Conversation {
    const c = this.get(id);
    const at = c.messages.findIndex((m) => m.id === messageId);
    const next = at < 0 ? undefined : selectVersion(c.messages, at, version);
    if (!next) throw new SwitchyardError('NOT_FOUND', `version ${version + 1} of message ${messageId} does not exist`);
    this.setMessages(c, next);
    this.changed(id);
    return structuredClone(c);
  }

  delete(id: string): void {
    this.conversations.delete(id);
    this.changed(id);
  }

  saveUserTurn(input: ChatInput): { conversationId: string; messageId: string } {
    const now = Date.now();
    const { provider, model, tools, toolChoice, responseFormat } = input.request;
    let conv = input.conversationId ? this.conversations.get(input.conversationId) : undefined;
    if (!conv) {
      const user = input.request.messages.find((m) => m.role === 'user');
      const firstUser = user ? messageText(user) : 'New chat';
      conv = { id: `conv-${this.nextId()}`, title: titleFromText(firstUser), createdAt: now, updatedAt: now, settings: {}, messages: [] };
      this.conversations.set(conv.id, conv);
    }
    // Tools and JSON output follow the latest request, as the real recorder keeps them.
    conv.settings = { ...conv.settings, ...(provider ? { provider } : {}), ...(model ? { model } : {}), tools, toolChoice, responseFormat };
    const at = input.replaceFromMessageId ? conv.messages.findIndex((m) => m.id === input.replaceFromMessageId) : -1;
    const branch = at >= 0 ? branchAt(conv.messages, at) : undefined;
    const messages = branch ? branch.kept : [...conv.messages];
    // Unlike the real recorder, a new conversation keeps its system prompt as its first message: the
    // playground must cope with history that holds more at the start than it shows.
    const system = messages.length === 0 ? input.request.messages.find((m) => m.role === 'system') : undefined;
    const incoming = newTurnMessages(messages, input.request.messages);
    if (system) messages.push({ id: `msg-${this.nextId()}`, role: 'system', content: system.content, createdAt: now, status: 'complete' });
    for (const m of incoming) messages.push({ id: `msg-${this.nextId()}`, ...m, createdAt: now, status: 'complete' });
    const assistant: StoredMessage = { id: `msg-${this.nextId()}`, role: 'assistant', content: '', createdAt: now, status: 'streaming' };
    messages.push(assistant);
    branch?.finish(messages);
    this.setMessages(conv, messages);
    conv.updatedAt = now;
    return { conversationId: conv.id, messageId: assistant.id };
  }

  saveAssistantTurn(meta: { conversationId?: string; messageId?: string }, content: string, part: StreamPart): void {
    const conv = meta.conversationId ? this.conversations.get(meta.conversationId) : undefined;
    const msg = conv?.messages.find((m) => m.id === meta.messageId);
    if (!msg) return;
    msg.content = content;
    if (part.type === 'finish') {
      const { content: _content, toolCalls, ...rest } = part.response;
      msg.status = 'complete';
      msg.response = rest;
      if (toolCalls?.length) msg.toolCalls = toolCalls;
    } else if (part.type === 'error') {
      msg.status = part.error.code === 'CANCELLED' ? 'cancelled' : 'error';
      msg.error = part.error;
    }
  }

  /** The title follows the first message while the user has not named the conversation. */
  private setMessages(c: Conversation, messages: StoredMessage[]): void {
    const before = firstUserText(c.messages);
    c.messages = messages;
    const after = firstUserText(messages);
    if (!c.titleSet && before !== undefined && after !== undefined && before !== after) c.title = titleFromText(after);
  }
}

function summarize(c: Conversation): ConversationSummary {
  return {
    id: c.id,
    title: c.title,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    messageCount: c.messages.length,
    preview: c.messages.at(-1)?.content.slice(0, 120) ?? '',
    pinned: c.pinned === true,
  };
}
