import { describe, expect, it } from 'vitest';
import { setupChat as setup, until } from '../test-support/chat-setup';
import type { ChatMessage } from '../../../shared/chat';
import { MAX_IMAGE_BYTES } from './attachments';
import { ToolCallParts } from './tool-call-parts';

const PNG_BYTES = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
const png = (name: string) => new File([PNG_BYTES], name, { type: 'image/png' });
const weather = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

describe('chat store: tool calls answered by hand', () => {
  it('shows the call, waits for a typed result, sends it as a tool message, and history keeps the whole exchange', async () => {
    const { chat, params, bridge } = setup();
    params.getState().setField('tools', JSON.stringify(weather));
    bridge.replies.push({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] }, { text: 'It is raining in Oslo.' });
    chat.getState().setDraft('Weather in Oslo?');
    chat.getState().send();
    await until(() => !chat.getState().streaming);
    expect(bridge.chatInputs[0]!.request.tools).toEqual([weather[0]!.function]);
    const call = chat.getState().messages[1]!;
    expect(call).toMatchObject({ role: 'assistant', content: '', status: 'complete', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
    expect(call.response).not.toHaveProperty('toolCalls');

    // Send with no result typed: refused, naming the call; nothing is sent.
    chat.getState().setDraft('');
    chat.getState().send();
    expect(chat.getState().notice?.message).toBe('Type a result for each tool call before sending; waiting for: get_weather (call_1).');
    expect(bridge.chatInputs).toHaveLength(1);

    chat.getState().setToolReply('call_1', '{"rain": true}');
    chat.getState().send();
    await until(() => !chat.getState().streaming);
    const sent = bridge.chatInputs[1]!.request.messages;
    expect(sent.slice(-2)).toEqual<ChatMessage[]>([
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] },
      { role: 'tool', toolCallId: 'call_1', content: '{"rain": true}' },
    ]);
    expect(chat.getState().messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(chat.getState().messages[3]!.content).toBe('It is raining in Oslo.');

    // Reopened, the conversation shows the call and the result, and continues from them.
    const id = chat.getState().conversationId!;
    await until(() => !chat.getState().messages.some((m) => m.id.startsWith('local-')));
    chat.getState().newChat();
    await chat.getState().open(id);
    expect(chat.getState().messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(chat.getState().messages[1]!.toolCalls?.[0]?.name).toBe('get_weather');
    expect(params.getState().toChatSettings()?.tools).toEqual([weather[0]!.function]);
    chat.getState().regenerate(chat.getState().messages[3]!.id);
    await until(() => !chat.getState().streaming);
    expect(bridge.chatInputs[2]!.request.messages.at(-1)).toEqual({ role: 'tool', toolCallId: 'call_1', content: '{"rain": true}' });
    expect(bridge.chatInputs[2]!.replaceFromMessageId).toBe(chat.getState().messages[3]!.versions?.others[0]?.[0]?.id);
    expect(chat.getState().messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('a failed reply to tool results gives the typed results back', async () => {
    const { chat, params, bridge } = setup();
    params.getState().setField('tools', JSON.stringify(weather));
    bridge.replies.push({}, { error: { code: 'UPSTREAM_ERROR', message: 'boom', retryable: true } });
    chat.getState().setDraft('Weather?');
    chat.getState().send();
    await until(() => !chat.getState().streaming);
    const callId = chat.getState().messages[1]!.toolCalls![0]!.id;
    chat.getState().setToolReply(callId, 'sunny');
    chat.getState().setDraft('and tomorrow?');
    chat.getState().send();
    expect(chat.getState().draft).toBe('');
    await until(() => !chat.getState().streaming);
    expect(chat.getState().messages.at(-1)?.status).toBe('error');
    expect(chat.getState().toolReplies[callId]).toBe('sunny');
    expect(chat.getState().draft).toBe('and tomorrow?');
  });

  it('assembles streamed calls from their pieces, in order of their index', () => {
    const calls = new ToolCallParts();
    calls.add({ type: 'tool-call-start', index: 1, id: 'b', name: 'second' });
    calls.add({ type: 'tool-call-start', index: 0, id: 'a', name: 'first' });
    calls.add({ type: 'tool-call-delta', index: 0, argumentsDelta: '{"q":' });
    expect(calls.take()).toEqual([{ id: 'a', name: 'first', arguments: '{"q":' }, { id: 'b', name: 'second', arguments: '' }]);
    expect(calls.take()).toBeUndefined();
    calls.add({ type: 'tool-call', index: 0, toolCall: { id: 'a', name: 'first', arguments: '{"q":1}' } });
    expect(calls.take()?.[0]?.arguments).toBe('{"q":1}');
  });
});

describe('chat store: images', () => {
  it('sends attached images as base64 data URL parts after the text, and shows them in the message', async () => {
    const { chat, bridge } = setup();
    await chat.getState().attachImages([png('cat.png')]);
    expect(chat.getState().images).toEqual([{ name: 'cat.png', url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/) }]);
    chat.getState().setDraft('What is this?');
    chat.getState().send();
    expect(chat.getState().images).toEqual([]);
    await until(() => !chat.getState().streaming);
    const content = bridge.chatInputs[0]!.request.messages.at(-1)!.content;
    expect(content).toEqual([{ type: 'text', text: 'What is this?' }, { type: 'image', url: expect.stringMatching(/^data:image\/png;base64,/) }]);
    expect(chat.getState().messages[0]).toMatchObject({ content: 'What is this?\n[image]', parts: content });
  });

  it('names a file it cannot send and why, attaches the others, and keeps what was typed', async () => {
    const { chat } = setup();
    chat.getState().setDraft('careful prompt');
    const big = new File([new Uint8Array(MAX_IMAGE_BYTES + 2 * 1024 * 1024)], 'huge.png', { type: 'image/png' });
    const bmp = new File([PNG_BYTES], 'old.bmp', { type: 'image/bmp' });
    await chat.getState().attachImages([big, png('ok.png'), bmp]);
    expect(chat.getState().notice?.message).toBe('huge.png is 7.0 MB; an image can be at most 5.0 MB, so it was not attached. old.bmp is not a PNG, JPEG, GIF or WebP image, so it was not attached.');
    expect(chat.getState().images.map((i) => i.name)).toEqual(['ok.png']);
    expect(chat.getState().draft).toBe('careful prompt');
  });

  it('a failed reply gives the text and the images back; editing keeps the images', async () => {
    const { chat, bridge } = setup();
    bridge.replies.push({ error: { code: 'AUTH_FAILED', message: 'bad key', retryable: false } }, {});
    await chat.getState().attachImages([png('a.png')]);
    chat.getState().setDraft('look');
    chat.getState().send();
    await until(() => !chat.getState().streaming);
    expect(chat.getState().draft).toBe('look');
    expect(chat.getState().images.map((i) => i.url)).toEqual([expect.stringMatching(/^data:image\/png/)]);
    chat.getState().send();
    await until(() => !chat.getState().streaming);
    await until(() => !chat.getState().messages.some((m) => m.id.startsWith('local-')));
    chat.getState().editAndResend(chat.getState().messages[0]!.id, 'look closer');
    await until(() => !chat.getState().streaming);
    expect(bridge.chatInputs[2]!.request.messages.at(-1)!.content).toEqual([{ type: 'text', text: 'look closer' }, { type: 'image', url: expect.stringMatching(/^data:image\/png/) }]);
  });
});
