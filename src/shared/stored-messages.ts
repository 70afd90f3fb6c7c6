import type { StoredMessage } from './api';
import { messageText, type ChatMessage } from './chat';

/**
 * Between a chat request's messages and a conversation's stored ones, both ways: history keeps the parts
 * (images, tool calls, tool results) so a reloaded conversation shows and continues them. Used by the
 * history recorder, the renderer (which builds the next request from what it shows) and the demo bridge.
 */

export type StoredContent = Pick<StoredMessage, 'role' | 'content' | 'parts' | 'toolCalls' | 'toolCallId'>;

/** A message of the conversation itself (a system prompt lives in the conversation's settings instead). */
export type TurnMessage = Exclude<ChatMessage, { role: 'system' }>;

/** What history keeps of a request message. */
export function storedContent(message: TurnMessage): StoredContent {
  const content = messageText(message);
  switch (message.role) {
    case 'user':
      return typeof message.content === 'string' ? { role: 'user', content } : { role: 'user', content, parts: message.content };
    case 'assistant':
      return message.toolCalls ? { role: 'assistant', content, toolCalls: message.toolCalls } : { role: 'assistant', content };
    case 'tool':
      return { role: 'tool', content, toolCallId: message.toolCallId };
  }
}

/** A stored message as the next request sends it; undefined for what a request does not carry as a message. */
export function chatMessageOf(message: StoredMessage): TurnMessage | undefined {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.parts ?? message.content };
    case 'assistant':
      return message.toolCalls?.length ? { role: 'assistant', content: message.content, toolCalls: message.toolCalls } : { role: 'assistant', content: message.content };
    case 'tool':
      return message.toolCallId === undefined ? undefined : { role: 'tool', toolCallId: message.toolCallId, content: message.content };
    default:
      return undefined;
  }
}

/**
 * The request messages a conversation does not hold yet: all of a new conversation's (but the system
 * prompt), else the request's last turn: a user message, or the tool results answering the calls of the
 * assistant message before them (and a user message after them). A regenerate resends a turn that is already on record: it is not stored twice.
 */
export function newTurnMessages(kept: StoredMessage[], request: ChatMessage[]): StoredContent[] {
  const messages = request.filter((m): m is TurnMessage => m.role !== 'system');
  if (kept.length === 0) return messages.map(storedContent);
  // The turn is the tool results at the end and the user's message after them; an earlier user message
  // (one whose reply was cancelled before any text) is already on record.
  let from = messages.length;
  if (messages[from - 1]?.role === 'user') from--;
  while (from > 0 && messages[from - 1]!.role === 'tool') from--;
  const turn = messages.slice(from).map(storedContent);
  const tail = kept.slice(-turn.length);
  const onRecord = tail.length === turn.length && turn.every((m, i) => sameMessage(tail[i]!, m));
  return onRecord ? [] : turn;
}

function sameMessage(a: StoredContent, b: StoredContent): boolean {
  return a.role === b.role && a.content === b.content && a.toolCallId === b.toolCallId;
}
