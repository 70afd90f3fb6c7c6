import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatResult, Conversation } from '../../shared/api';
import type { ChatMessage, StreamPart, ToolDefinition } from '../../shared/chat';
import { HistoryStore } from '../stores/history-store';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

/**
 * History keeps a conversation's parts: images the user attached, the tool calls the model made and the
 * results the user gave back, so a reloaded conversation shows them and the next request can carry them.
 */
describe('history with images and tool calls', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const IMAGE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const tools: ToolDefinition[] = [{ name: 'lookup', description: 'Looks things up', parameters: { type: 'object', properties: { text: { type: 'string' } } } }];
  const asking: ChatMessage = { role: 'user', content: [{ type: 'text', text: 'what is in this picture?' }, { type: 'image', url: IMAGE }] };
  const get = async (id: string): Promise<Conversation> => (await app!.core.invoke('history.get', { id })) as Conversation;
  const stream = async (input: object): Promise<StreamPart[]> => {
    const parts: StreamPart[] = [];
    await app!.core.streamChat(input, (p) => parts.push(p), new AbortController().signal);
    return parts;
  };

  it('stores the image parts, the streamed tool call and the tool result, and they survive a reload', async () => {
    app = await createTestApp();
    const first = await stream({ request: { messages: [asking], tools, toolChoice: 'auto' } });
    expect(first.map((p) => p.type)).toEqual(['start', 'tool-call-start', 'tool-call-delta', 'tool-call', 'finish']);
    const id = (await app.core.invoke('history.list', undefined) as { id: string }[])[0]!.id;
    let c = await get(id);
    expect(c.messages[0]).toMatchObject({ role: 'user', content: 'what is in this picture?\n[image]', parts: [{ type: 'text' }, { type: 'image', url: IMAGE }] });
    const call = { id: 'call_1', name: 'lookup', arguments: '{"text":"what is in this picture?\\n[image]"}' };
    expect(c.messages[1]).toMatchObject({ role: 'assistant', content: '', status: 'complete', toolCalls: [call] });
    expect(c.messages[1]!.response).not.toHaveProperty('toolCalls');
    expect(c.settings).toMatchObject({ tools, toolChoice: 'auto' });

    // The user answers the call by hand: the tool message is stored after the call, then the final answer.
    const answered: ChatMessage[] = [asking, { role: 'assistant', content: '', toolCalls: [call] }, { role: 'tool', toolCallId: 'call_1', content: 'a red bicycle' }];
    const result = (await app.core.invoke('chat.send', { conversationId: id, request: { messages: answered, tools } })) as ChatResult;
    c = await get(id);
    expect(c.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(c.messages[2]).toMatchObject({ role: 'tool', toolCallId: 'call_1', content: 'a red bicycle' });
    expect(c.settings.toolChoice).toBeUndefined();

    // Regenerating the final answer resends the tool result already on record: it is not stored twice, and
    // the first answer is kept as a version.
    await app.core.invoke('chat.send', { conversationId: id, replaceFromMessageId: result.messageId, request: { messages: answered, tools } });
    c = await get(id);
    expect(c.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(c.messages[3]!.versions?.others).toHaveLength(1);

    // A later turn without tools switches them off for the conversation.
    await app.core.invoke('chat.send', { conversationId: id, request: { messages: [...answered, { role: 'assistant', content: 'what is in this picture?' }, { role: 'user', content: 'thanks' }] } });
    const reopened = await HistoryStore.open(join(app.dir, 'history'));
    const reloaded = reopened.get(id);
    expect(reloaded.messages).toEqual((await get(id)).messages);
    expect(reloaded.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user', 'assistant']);
    expect(reloaded.messages[0]!.parts?.[1]).toEqual({ type: 'image', url: IMAGE });
    expect(reloaded.settings.tools).toBeUndefined();

    const markdown = (await app.core.invoke('history.export', { id, format: 'markdown' })) as { content: string };
    expect(markdown.content).toContain('Tool call `lookup` (call_1):\n\n```json\n{"text"');
    expect(markdown.content).toContain('## Tool result (call_1)\n\na red bicycle');
  });

  it('regenerating a tool call keeps the first call as a version, though it has no text', async () => {
    app = await createTestApp();
    const first = (await app.core.invoke('chat.send', { request: { messages: [{ role: 'user', content: 'look it up' }], tools } })) as ChatResult;
    await app.core.invoke('chat.send', { conversationId: first.conversationId, replaceFromMessageId: first.messageId, request: { messages: [{ role: 'user', content: 'look it up' }], tools } });
    const c = await get(first.conversationId!);
    expect(c.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(c.messages[1]!.versions?.others[0]![0]).toMatchObject({ id: first.messageId, toolCalls: [{ name: 'lookup' }] });
  });
});
