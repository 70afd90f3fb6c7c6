import type { ChatInput, ChatSettings, StoredMessage } from '../../../shared/api';
import type { ChatMessage, ContentPart, ImagePart, ToolCall } from '../../../shared/chat';
import { chatMessageOf } from '../../../shared/stored-messages';

/**
 * From what the playground shows to the next request: turns, open tool calls, and the request itself.
 * A turn is what the user adds before a reply: their message, or the results of the calls the model made
 * (with, optionally, a message after them).
 */

/** Where the turn that the message at `at` answers begins: the run of user and tool messages before it. */
export function turnStart(messages: StoredMessage[], at: number): number {
  let start = at;
  while (start > 0 && (messages[start - 1]!.role === 'user' || messages[start - 1]!.role === 'tool')) start--;
  return start;
}

/** The calls of the last reply still waiting for their results: the user answers them by hand. */
export function openToolCalls(messages: StoredMessage[]): ToolCall[] {
  const last = messages.at(-1);
  return last?.role === 'assistant' && last.status === 'complete' ? (last.toolCalls ?? []) : [];
}

/** A user message's content: the text, then the images (as OpenAI's own examples order them). */
export function userContent(text: string, images: ImagePart[]): string | ContentPart[] {
  if (images.length === 0) return text;
  return [...(text.trim() ? [{ type: 'text' as const, text }] : []), ...images];
}

/** A user message's text and images, taken apart again (to edit it, or to put it back into the prompt box). */
export function textAndImages(message: StoredMessage): { text: string; images: ImagePart[] } {
  if (!message.parts) return { text: message.content, images: [] };
  return {
    text: message.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n'),
    images: message.parts.filter((p): p is ImagePart => p.type === 'image'),
  };
}

/**
 * Builds the request from what is on screen: failed turns are left out (with the user's or tool messages
 * that led to them), and so are replies stopped before anything arrived; the system prompt goes first.
 */
export function buildRequest(history: StoredMessage[], turn: ChatMessage[], settings: ChatSettings): ChatInput['request'] {
  const messages: ChatMessage[] = [];
  if (settings.system) messages.push({ role: 'system', content: settings.system });
  const failedTurns = new Set<number>();
  history.forEach((m, i) => {
    if (m.role !== 'assistant' || m.status !== 'error') return;
    for (let j = turnStart(history, i); j <= i; j++) failedTurns.add(j);
  });
  history.forEach((m, i) => {
    if (failedTurns.has(i)) return;
    if (m.role === 'assistant' && m.content === '' && !m.toolCalls?.length) return;
    const message = chatMessageOf(m);
    if (message) messages.push(message);
  });
  messages.push(...turn);
  const request: ChatInput['request'] = { messages, stream: true };
  const { system: _system, ...rest } = settings;
  return { ...request, ...rest };
}
