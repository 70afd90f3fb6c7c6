import type { Conversation, ConversationSummary } from '../../shared/api';

/** Characters of context shown on each side of a match. */
const CONTEXT = 40;

/**
 * Search over titles and the text of every message on a conversation's path (case-insensitive, plain
 * substring), newest first. Each result carries the text around its first match, so the list can show why
 * it matched.
 */
export function searchConversations(conversations: Conversation[], query: string, summarize: (c: Conversation) => ConversationSummary): ConversationSummary[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return conversations.map(summarize).sort(newestFirst);
  const out: ConversationSummary[] = [];
  for (const c of conversations) {
    const inTitle = c.title.toLowerCase().includes(needle);
    const match = inTitle ? undefined : firstMatch(c, needle);
    if (!inTitle && match === undefined) continue;
    const summary = summarize(c);
    if (match !== undefined) summary.match = match;
    out.push(summary);
  }
  return out.sort(newestFirst);
}

function firstMatch(c: Conversation, needle: string): string | undefined {
  for (const m of c.messages) {
    if (m.role === 'system') continue;
    const text = m.content.replace(/\s+/g, ' ');
    const at = text.toLowerCase().indexOf(needle);
    if (at < 0) continue;
    const start = Math.max(0, at - CONTEXT);
    const end = Math.min(text.length, at + needle.length + CONTEXT);
    return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
  }
  return undefined;
}

function newestFirst(a: ConversationSummary, b: ConversationSummary): number {
  return b.updatedAt - a.updatedAt;
}
