import { describe, expect, it } from 'vitest';
import { setupChat as setup, until } from '../test-support/chat-setup';
import { FakeBridge } from '../demo/fake-bridge';
import { MemoryStorage } from '../test-support/memory-storage';
import { buildRequest } from './chat-request';
import { createChatStore } from './chat-store';
import { createParamsStore } from './params-store';

describe('chat store', () => {
  it('streams a reply, then holds the response and the server ids', async () => {
    const { chat, bridge } = setup();
    bridge.replies.push({ text: 'Hello there, friend.' });
    chat.getState().setDraft('Hi');
    chat.getState().send();
    expect(chat.getState().draft).toBe('');
    expect(chat.getState().streaming).toBe(true);
    await until(() => !chat.getState().streaming);
    const [user, assistant] = chat.getState().messages;
    expect(user).toMatchObject({ role: 'user', content: 'Hi' });
    expect(assistant).toMatchObject({ role: 'assistant', content: 'Hello there, friend.', status: 'complete' });
    expect(assistant!.response?.usage.outputTokens).toBeGreaterThan(0);
    expect(chat.getState().conversationId).toMatch(/^conv-/);
    await until(() => !chat.getState().messages[0]!.id.startsWith('local-'));
    const saved = await bridge.history.get({ id: chat.getState().conversationId! });
    expect(chat.getState().messages.map((m) => m.id)).toEqual(saved.messages.map((m) => m.id));
  });

  it('stop cancels the stream and keeps the partial text', async () => {
    const { chat, bridge } = setup(new FakeBridge({ tokenIntervalMs: 20, firstTokenDelayMs: 1 }));
    bridge.replies.push({ text: 'one two three four five six seven eight nine ten eleven twelve' });
    chat.getState().setDraft('count');
    chat.getState().send();
    await until(() => chat.getState().messages[1]!.content.length > 0);
    chat.getState().stop();
    await until(() => !chat.getState().streaming);
    const assistant = chat.getState().messages[1]!;
    expect(assistant.status).toBe('cancelled');
    expect(assistant.content.length).toBeGreaterThan(0);
    expect(assistant.content).not.toContain('twelve');
  });

  it('shows an error with its code, puts the draft back, and retry replaces the failed turn', async () => {
    const { chat, bridge } = setup();
    bridge.replies.push({ error: { code: 'RATE_LIMITED', message: 'slow down', retryable: true } }, { text: 'second time lucky' });
    chat.getState().setDraft('important question');
    chat.getState().send();
    await until(() => !chat.getState().streaming);
    const failed = chat.getState().messages[1]!;
    expect(failed.status).toBe('error');
    expect(failed.error?.code).toBe('RATE_LIMITED');
    expect(chat.getState().draft).toBe('important question');

    await until(() => !chat.getState().messages[0]!.id.startsWith('local-'));
    const failedId = chat.getState().messages[1]!.id;
    chat.getState().regenerate(failedId);
    // Retrying takes the text back out of the prompt box: it is being sent again.
    expect(chat.getState().draft).toBe('');
    await until(() => !chat.getState().streaming);
    expect(bridge.chatInputs[1]!.replaceFromMessageId).toBe(failedId);
    expect(chat.getState().messages.map((m) => m.content)).toEqual(['important question', 'second time lucky']);
    // A failed attempt is not kept as a version.
    expect(chat.getState().messages[1]!.versions).toBeUndefined();
  });

  it('sending the kept draft again after a failure replaces the failed turn instead of repeating it', async () => {
    const { chat, bridge } = setup();
    bridge.replies.push({ error: { code: 'TIMEOUT', message: 'no first byte', retryable: true } }, { text: 'here it is' });
    chat.getState().setDraft('a question');
    chat.getState().send();
    await until(() => !chat.getState().streaming && !chat.getState().messages[0]!.id.startsWith('local-'));
    const failedUser = chat.getState().messages[0]!.id;
    expect(chat.getState().draft).toBe('a question');
    chat.getState().send();
    expect(chat.getState().messages.map((m) => `${m.role}:${m.content}`)).toEqual(['user:a question', 'assistant:']);
    await until(() => !chat.getState().streaming);
    expect(bridge.chatInputs[1]!.replaceFromMessageId).toBe(failedUser);
    const saved = await bridge.history.get({ id: chat.getState().conversationId! });
    expect(saved.messages.map((m) => `${m.role}:${m.content}`)).toEqual(['user:a question', 'assistant:here it is']);
  });

  it('regenerate keeps the earlier answer as version 1 of 2, shown at once, and either can be shown again', async () => {
    const { chat, bridge } = setup();
    bridge.replies.push({ text: 'first answer' }, { text: 'second answer' });
    chat.getState().setDraft('question');
    chat.getState().send();
    await until(() => !chat.getState().streaming && !chat.getState().messages[1]!.id.startsWith('local-'));
    const firstId = chat.getState().messages[1]!.id;
    chat.getState().regenerate(firstId);
    // ‹2/2› before the new answer has even arrived.
    expect(chat.getState().messages[1]!.versions).toMatchObject({ index: 1, others: [[{ id: firstId, content: 'first answer' }]] });
    await until(() => !chat.getState().streaming && !chat.getState().messages[1]!.id.startsWith('local-'));
    expect(chat.getState().messages[1]).toMatchObject({ content: 'second answer', versions: { index: 1 } });
    await chat.getState().selectVersion(chat.getState().messages[1]!.id, 0);
    expect(chat.getState().messages.map((m) => m.content)).toEqual(['question', 'first answer']);
    expect(chat.getState().messages[1]!.versions?.index).toBe(0);
  });

  it('refuses to send with invalid parameters and keeps the draft', () => {
    const { chat, params, bridge } = setup();
    params.getState().setField('additionalParams', '{not json');
    chat.getState().setDraft('keep me');
    chat.getState().send();
    expect(bridge.chatInputs).toHaveLength(0);
    expect(chat.getState().draft).toBe('keep me');
    expect(chat.getState().notice?.code).toBe('VALIDATION_FAILED');
  });

  it('sends parameters and the system prompt with the request', async () => {
    const { chat, params, bridge } = setup();
    params.getState().setField('provider', 'ollama');
    params.getState().setField('model', 'llama3.2');
    params.getState().setField('system', 'Be brief.');
    params.getState().setField('temperature', '0.3');
    params.getState().setField('maxTokens', '256');
    params.getState().setField('additionalParams', '{"top_p": 0.9}');
    chat.getState().setDraft('hi');
    chat.getState().send();
    await until(() => !chat.getState().streaming);
    expect(bridge.chatInputs[0]!.request).toMatchObject({
      provider: 'ollama',
      model: 'llama3.2',
      temperature: 0.3,
      maxTokens: 256,
      additionalParams: { top_p: 0.9 },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  it('edit-and-resend drops the edited turn and everything after it', async () => {
    const { chat, bridge } = setup();
    bridge.replies.push({ text: 'A1' }, { text: 'A2' }, { text: 'A1 edited' });
    for (const q of ['Q1', 'Q2']) {
      chat.getState().setDraft(q);
      chat.getState().send();
      await until(() => !chat.getState().streaming);
      await until(() => !chat.getState().messages.some((m) => m.id.startsWith('local-')));
    }
    const q1 = chat.getState().messages[0]!;
    chat.getState().editAndResend(q1.id, 'Q1 better');
    await until(() => !chat.getState().streaming);
    expect(bridge.chatInputs[2]).toMatchObject({ replaceFromMessageId: q1.id, request: { messages: [{ role: 'user', content: 'Q1 better' }] } });
    expect(chat.getState().messages.map((m) => m.content)).toEqual(['Q1 better', 'A1 edited']);
    const saved = await bridge.history.get({ id: chat.getState().conversationId! });
    expect(saved.messages.map((m) => m.content)).toEqual(['Q1 better', 'A1 edited']);
  });

  it('opens a stored conversation and applies its settings', async () => {
    const { chat, params, bridge } = setup();
    bridge.addConversation({ id: 'c1', title: 'Old', createdAt: 1, updatedAt: 2, settings: { provider: 'ollama', temperature: 0.5 }, messages: [{ id: 'm1', role: 'user', content: 'hey', createdAt: 1, status: 'complete' }] });
    await chat.getState().open('c1');
    expect(chat.getState()).toMatchObject({ conversationId: 'c1', title: 'Old' });
    expect(chat.getState().messages).toHaveLength(1);
    expect(params.getState().fields).toMatchObject({ provider: 'ollama', temperature: '0.5' });
    await chat.getState().open('missing');
    expect(chat.getState().notice?.code).toBe('NOT_FOUND');
  });
});

describe('buildRequest', () => {
  it('leaves out failed turns and empty replies', () => {
    const req = buildRequest(
      [
        { id: '1', role: 'user', content: 'a', createdAt: 0, status: 'complete' },
        { id: '2', role: 'assistant', content: '', createdAt: 0, status: 'error', error: { code: 'TIMEOUT', message: 't', retryable: true } },
        { id: '3', role: 'user', content: 'b', createdAt: 0, status: 'complete' },
        { id: '4', role: 'assistant', content: 'B', createdAt: 0, status: 'complete' },
      ],
      [{ role: 'user', content: 'c' }],
      {},
    );
    expect(req.messages).toEqual([
      { role: 'user', content: 'b' },
      { role: 'assistant', content: 'B' },
      { role: 'user', content: 'c' },
    ]);
  });
});

describe('chat store against history that keeps the system prompt', () => {
  it('still learns the server ids, so regenerate replaces the stored turn', async () => {
    const { chat, params, bridge } = setup();
    params.getState().setField('system', 'Be brief.');
    bridge.replies.push({ text: 'first' }, { text: 'second' });
    chat.getState().setDraft('hello');
    chat.getState().send();
    await until(() => !chat.getState().streaming);
    await until(() => !chat.getState().messages.some((m) => m.id.startsWith('local-')));
    const conversationId = chat.getState().conversationId!;
    expect((await bridge.history.get({ id: conversationId })).messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    chat.getState().regenerate(chat.getState().messages[1]!.id);
    await until(() => !chat.getState().streaming);
    const saved = await bridge.history.get({ id: conversationId });
    expect(saved.messages.map((m) => `${m.role}:${m.content}`)).toEqual(['system:Be brief.', 'user:hello', 'assistant:second']);
  });
});

describe('draft persistence', () => {
  it('keeps the draft across a reload and forgets it once sent', async () => {
    const storage = new MemoryStorage();
    const bridge = new FakeBridge({ tokenIntervalMs: 1, firstTokenDelayMs: 1 });
    const first = createChatStore(bridge, createParamsStore(undefined), storage);
    first.getState().setDraft('half-written thought');
    const reloaded = createChatStore(bridge, createParamsStore(undefined), storage);
    expect(reloaded.getState().draft).toBe('half-written thought');
    reloaded.getState().send();
    expect(storage.getItem('switchyard.draft.v1')).toBeNull();
    await until(() => !reloaded.getState().streaming);
  });
});

describe('reopening', () => {
  it('reopens the conversation that was open when the window closed; a deleted one is not an error', async () => {
    const storage = new MemoryStorage();
    const bridge = new FakeBridge({ tokenIntervalMs: 1, firstTokenDelayMs: 1 });
    const first = createChatStore(bridge, createParamsStore(undefined), storage);
    first.getState().setDraft('remember me');
    first.getState().send();
    await until(() => !first.getState().streaming);
    const id = first.getState().conversationId!;
    const reloaded = createChatStore(bridge, createParamsStore(undefined), storage);
    await reloaded.getState().restoreLast();
    expect(reloaded.getState().conversationId).toBe(id);
    expect(reloaded.getState().messages[0]!.content).toBe('remember me');

    await bridge.history.delete({ id });
    const again = createChatStore(bridge, createParamsStore(undefined), storage);
    await again.getState().restoreLast();
    expect(again.getState().conversationId).toBeUndefined();
    expect(again.getState().notice).toBeUndefined();
    expect(again.getState().messages).toEqual([]);
  });
});

describe('leaving a streaming conversation', () => {
  it('cancels the stream, and the server keeps the partial reply as cancelled', async () => {
    const { chat, bridge } = setup(new FakeBridge({ tokenIntervalMs: 20, firstTokenDelayMs: 1 }));
    bridge.replies.push({ text: 'one two three four five six seven eight nine ten' });
    chat.getState().setDraft('go');
    chat.getState().send();
    await until(() => chat.getState().messages[1]!.content.length > 0);
    const conversationId = chat.getState().conversationId!;
    chat.getState().newChat();
    expect(chat.getState()).toMatchObject({ streaming: false, messages: [] });
    const saved = await bridge.history.get({ id: conversationId });
    expect(saved.messages[1]).toMatchObject({ status: 'cancelled' });
    expect(saved.messages[1]!.content).not.toContain('ten');
  });
});
