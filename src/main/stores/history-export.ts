import type { Conversation, ExportResult } from '../../shared/api';

/**
 * Conversation → a downloadable file. Exports carry the text and the response metadata a user wants to
 * keep (model, provider, usage, latency), never request headers or keys; the API layer additionally
 * scrubs every known key value from the result.
 */

export function exportConversation(conversation: Conversation, format: 'markdown' | 'json'): ExportResult {
  const base = fileBase(conversation.title) || conversation.id;
  if (format === 'json') {
    return { filename: `${base}.json`, mimeType: 'application/json', content: `${JSON.stringify(jsonExport(conversation), null, 2)}\n` };
  }
  return { filename: `${base}.md`, mimeType: 'text/markdown', content: markdownExport(conversation) };
}

function jsonExport(c: Conversation): unknown {
  return {
    format: 'switchyard.conversation/v1',
    id: c.id,
    title: c.title,
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
    settings: c.settings,
    messages: c.messages.map((m) => ({
      role: m.role,
      content: m.content,
      ...(m.parts ? { parts: m.parts } : {}),
      ...(m.toolCalls ? { toolCalls: m.toolCalls } : {}),
      ...(m.toolCallId ? { toolCallId: m.toolCallId } : {}),
      status: m.status,
      createdAt: new Date(m.createdAt).toISOString(),
      ...(m.response
        ? {
            model: m.response.model,
            provider: m.response.provider,
            usage: m.response.usage,
            latencyMs: m.response.latencyMs,
            finishReason: m.response.finishReason,
            servedBy: m.response.trace.servedBy,
          }
        : {}),
      ...(m.error ? { error: { code: m.error.code, message: m.error.message } } : {}),
    })),
  };
}

function markdownExport(c: Conversation): string {
  const lines = [`# ${c.title}`, '', `_Exported from Switchyard · started ${new Date(c.createdAt).toISOString()}_`, ''];
  for (const m of c.messages) {
    const heading = m.role === 'user' ? 'User' : m.role === 'assistant' ? 'Assistant' : m.role === 'tool' ? `Tool result (${m.toolCallId ?? ''})` : 'System';
    const meta: string[] = [];
    if (m.response) {
      meta.push(`${m.response.provider}/${m.response.model}`, `${m.response.usage.totalTokens} tokens`, `${Math.round(m.response.latencyMs)} ms`);
      meta.push(`via ${m.response.trace.servedBy}`);
    }
    if (m.status !== 'complete') meta.push(m.status);
    lines.push(`## ${heading}${meta.length > 0 ? ` (${meta.join(', ')})` : ''}`, '');
    if (m.content || !m.toolCalls) lines.push(m.content || '_(empty)_', '');
    for (const call of m.toolCalls ?? []) lines.push(`Tool call \`${call.name}\` (${call.id}):`, '', '```json', call.arguments, '```', '');
    if (m.error) lines.push(`> Error ${m.error.code}: ${m.error.message}`, '');
  }
  return lines.join('\n');
}

function fileBase(title: string): string {
  return title
    .replace(/[^A-Za-z0-9 _-]+/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60);
}
