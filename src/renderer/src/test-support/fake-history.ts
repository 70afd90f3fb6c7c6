import type { ChatInput, Conversation, StoredMessage } from '../../../shared/api';
import { messageText, type StreamPart } from '../../../shared/chat';

/**
 * The fake bridge's history, recording an exchange as the real history recorder does: the user's turn and
 * an empty assistant message before anything streams, then the assistant message's outcome.
 */

export function saveUserTurn(conversations: Map<string, Conversation>, input: ChatInput, nextId: () => string): { conversationId: string; messageId: string } {
  const now = Date.now();
  const { provider, model } = input.request;
  let conv = input.conversationId ? conversations.get(input.conversationId) : undefined;
  if (!conv) {
    const user = input.request.messages.find((m) => m.role === 'user');
    const firstUser = user ? messageText(user) : 'New chat';
    conv = { id: `conv-${nextId()}`, title: firstUser.slice(0, 40), createdAt: now, updatedAt: now, settings: {}, messages: [] };
    conversations.set(conv.id, conv);
  }
  conv.settings = { ...conv.settings, ...(provider ? { provider } : {}), ...(model ? { model } : {}) };
  if (input.replaceFromMessageId) {
    const at = conv.messages.findIndex((m) => m.id === input.replaceFromMessageId);
    if (at >= 0) conv.messages.splice(at);
  }
  // A new conversation stores every request message (the system prompt included); later turns store only
  // the last one, and a regenerate does not store the user's text twice.
  const incoming = conv.messages.length === 0 ? input.request.messages : input.request.messages.slice(-1);
  const last = conv.messages.at(-1);
  for (const m of incoming) {
    if (m.role === 'tool') continue;
    const content = messageText(m);
    if (last && incoming.length === 1 && last.role === m.role && last.content === content) continue;
    conv.messages.push({ id: `msg-${nextId()}`, role: m.role, content, createdAt: now, status: 'complete' });
  }
  const assistant: StoredMessage = { id: `msg-${nextId()}`, role: 'assistant', content: '', createdAt: now, status: 'streaming' };
  conv.messages.push(assistant);
  conv.updatedAt = now;
  return { conversationId: conv.id, messageId: assistant.id };
}

export function saveAssistantTurn(conversations: Map<string, Conversation>, meta: { conversationId?: string; messageId?: string }, content: string, part: StreamPart): void {
  const conv = meta.conversationId ? conversations.get(meta.conversationId) : undefined;
  const msg = conv?.messages.find((m) => m.id === meta.messageId);
  if (!msg) return;
  msg.content = content;
  if (part.type === 'finish') {
    const { content: _content, ...rest } = part.response;
    msg.status = 'complete';
    msg.response = rest;
  } else if (part.type === 'error') {
    msg.status = part.error.code === 'CANCELLED' ? 'cancelled' : 'error';
    msg.error = part.error;
  }
}
