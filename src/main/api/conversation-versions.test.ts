import { afterEach, describe, expect, it } from 'vitest';
import type { ChatResult, Conversation, ConversationSummary } from '../../shared/api';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

/**
 * Regenerate and edit keep versions (‹1/2› per turn) instead of dropping what followed; the title follows
 * the first message; a failed attempt is replaced, not kept; pinning and search over message text.
 */
describe('conversation versions', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const user = (content: string) => ({ role: 'user' as const, content });
  const send = async (input: object): Promise<ChatResult> => (await app!.core.invoke('chat.send', input)) as ChatResult;
  const get = async (id: string): Promise<Conversation> => (await app!.core.invoke('history.get', { id })) as Conversation;
  const shown = (c: Conversation) => c.messages.map((m) => `${m.role}:${m.content.trim()}`);

  it('regenerate keeps the earlier answer, and either can be shown again with what followed it', async () => {
    app = await createTestApp();
    const first = await send({ request: { messages: [user('tell me a story')] } });
    const id = first.conversationId!;
    const second = await send({ conversationId: id, request: { messages: [user('tell me a story'), { role: 'assistant', content: 'tell me a story' }, user('and then')] } });

    // Regenerate the first answer: the whole tail from it (answer, follow-up, its answer) becomes version 1.
    const regenerated = await send({ conversationId: id, replaceFromMessageId: first.messageId, request: { messages: [user('tell me a story')] } });
    let c = await get(id);
    expect(shown(c)).toEqual(['user:tell me a story', 'assistant:tell me a story']);
    expect(c.messages[1]!.id).toBe(regenerated.messageId);
    expect(c.messages[1]!.versions).toMatchObject({ index: 1, others: [[{ id: first.messageId }, { content: 'and then' }, { id: second.messageId }]] });

    c = (await app.core.invoke('history.selectVersion', { id, messageId: regenerated.messageId, version: 0 })) as Conversation;
    expect(shown(c)).toEqual(['user:tell me a story', 'assistant:tell me a story', 'user:and then', 'assistant:and then']);
    expect(c.messages[1]).toMatchObject({ id: first.messageId, versions: { index: 0, others: [[{ id: regenerated.messageId }]] } });
    expect(await get(id)).toEqual(c);

    // A third version goes after the two.
    await send({ conversationId: id, replaceFromMessageId: first.messageId, request: { messages: [user('tell me a story')] } });
    c = await get(id);
    expect(c.messages[1]!.versions?.index).toBe(2);
    expect(c.messages[1]!.versions?.others.map((tail) => tail.length)).toEqual([3, 1]);
    await expect(app.core.invoke('history.selectVersion', { id, messageId: c.messages[1]!.id, version: 3 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'version 4 of 3 does not exist',
    });
  });

  it('editing the first message keeps the original as version 1, and the title follows what is shown', async () => {
    app = await createTestApp();
    const first = await send({ request: { messages: [user('## How do I **reverse** a `list`?')] } });
    const id = first.conversationId!;
    let c = await get(id);
    expect(c.title).toBe('How do I reverse a list?');
    const edited = await send({ conversationId: id, replaceFromMessageId: c.messages[0]!.id, request: { messages: [user('What is a tuple?')] } });
    c = await get(id);
    expect(shown(c)).toEqual(['user:What is a tuple?', 'assistant:What is a tuple?']);
    expect(c.title).toBe('What is a tuple?');
    expect(c.messages[0]!.versions?.index).toBe(1);

    c = (await app.core.invoke('history.selectVersion', { id, messageId: c.messages[0]!.id, version: 0 })) as Conversation;
    expect(c.title).toBe('How do I reverse a list?');
    expect(c.messages[1]!.id).toBe(first.messageId);

    // Once the user names it, the title stays.
    await app.core.invoke('history.rename', { id, title: 'Python questions' });
    await app.core.invoke('history.selectVersion', { id, messageId: c.messages[0]!.id, version: 1 });
    c = await get(id);
    expect(c.messages[1]!.id).toBe(edited.messageId);
    expect(c.title).toBe('Python questions');
  });

  it('a failed attempt is replaced when the turn is sent again, not kept as a version', async () => {
    app = await createTestApp();
    await expect(send({ request: { messages: [user('please fail')] } })).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
    const [summary] = (await app.core.invoke('history.list', {})) as ConversationSummary[];
    let c = await get(summary!.id);
    await send({ conversationId: c.id, replaceFromMessageId: c.messages[0]!.id, request: { messages: [user('please work')] } });
    c = await get(c.id);
    expect(shown(c)).toEqual(['user:please work', 'assistant:please work']);
    expect(c.messages[0]!.versions).toBeUndefined();
  });

  it('pins without reordering by activity, and searches message text as well as titles', async () => {
    app = await createTestApp();
    const a = await send({ request: { messages: [user('alpha question')] } });
    await send({ request: { messages: [user('beta question about ferrets')] } });
    const pinned = (await app.core.invoke('history.pin', { id: a.conversationId, pinned: true })) as ConversationSummary;
    expect(pinned.pinned).toBe(true);
    const list = (await app.core.invoke('history.list', {})) as ConversationSummary[];
    expect(list.map((s) => [s.title, s.pinned])).toEqual([
      ['beta question about ferrets', false],
      ['alpha question', true],
    ]);

    await send({ conversationId: a.conversationId, request: { messages: [user('alpha question'), { role: 'assistant', content: 'alpha question' }, user('what do FERRETS eat')] } });
    const found = (await app.core.invoke('history.search', { query: 'ferrets' })) as ConversationSummary[];
    expect(found.map((s) => [s.title, s.match])).toEqual([
      ['alpha question', 'what do FERRETS eat'],
      ['beta question about ferrets', undefined],
    ]);
    expect(await app.core.invoke('history.search', { query: 'nothing like this' })).toEqual([]);
  });
});
