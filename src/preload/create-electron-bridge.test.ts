import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { API_METHOD_NAMES, IPC_CHANNELS } from '../shared/api-transport';
import { decodeContextBridgeError } from '../client/context-bridge';
import { SwitchyardError } from '../shared/errors';
import { createElectronBridge, type IpcRendererLike, type RendererPortLike } from './create-electron-bridge';

/** Records what the preload sends, and answers invokes from a script. */
function fakeIpcRenderer(answer: (channel: string, args: unknown[]) => unknown) {
  const calls: { kind: string; channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      calls.push({ kind: 'invoke', channel, args });
      return answer(channel, args);
    },
    send: (channel, ...args) => void calls.push({ kind: 'send', channel, args }),
    postMessage: (channel, message, transfer) => void calls.push({ kind: 'postMessage', channel, args: [message, transfer] }),
    on: (channel, listener) => void listeners.set(channel, listener),
  };
  return { ipc, calls, listeners };
}

const channel = () => new MessageChannel() as unknown as { port1: RendererPortLike; port2: unknown };

describe('the preload bridge', () => {
  it('exposes every API method by name, plus streamChat, on and transport, and nothing else', () => {
    const { ipc } = fakeIpcRenderer(() => ({ result: null }));
    const bridge = createElectronBridge({ ipcRenderer: ipc, createChannel: channel });
    const exposed = Object.entries(bridge).flatMap(([group, v]) =>
      typeof v === 'object' && v !== null ? Object.keys(v).map((m) => `${group}.${m}`) : [group],
    );
    expect(exposed.sort()).toEqual([...API_METHOD_NAMES, 'streamChat', 'on', 'transport'].sort());
    expect(bridge.transport).toBe('electron');
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipc|invoke|send/i);
  });

  it('maps a method call to its channel with its one argument, and returns the result', async () => {
    const { ipc, calls } = fakeIpcRenderer(() => ({ result: { mode: 'direct' } }));
    const bridge = createElectronBridge({ ipcRenderer: ipc, createChannel: channel });
    expect(await bridge.router.setMode({ mode: 'direct' })).toEqual({ mode: 'direct' });
    expect(calls).toEqual([{ kind: 'invoke', channel: IPC_CHANNELS.method('router.setMode'), args: [{ mode: 'direct' }] }]);
  });

  it('rethrows {error} as a SwitchyardError; under contextBridge the code survives the message-only copy', async () => {
    const error = { code: 'NOT_FOUND', message: 'conversation x not found', retryable: false, details: { field: 'id' } };
    const plain = createElectronBridge({ ipcRenderer: fakeIpcRenderer(() => ({ error })).ipc, createChannel: channel });
    await expect(plain.history.get({ id: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'conversation x not found' });

    const encoded = createElectronBridge({ ipcRenderer: fakeIpcRenderer(() => ({ error })).ipc, createChannel: channel, encodeErrors: true });
    const thrown = await encoded.history.get({ id: 'x' }).catch((e: Error) => e);
    // what contextBridge hands the page: a new Error with only the message
    const copied = new Error((thrown as Error).message);
    const restored = decodeContextBridgeError(copied);
    expect(restored).toBeInstanceOf(SwitchyardError);
    expect(restored).toMatchObject({ code: 'NOT_FOUND', message: 'conversation x not found', details: { field: 'id' } });
  });

  it('signals ready once, after the first burst of subscriptions', () => {
    const { ipc, calls, listeners } = fakeIpcRenderer(() => ({ result: null }));
    let deferred: (() => void) | undefined;
    const bridge = createElectronBridge({ ipcRenderer: ipc, createChannel: channel, defer: (fn) => (deferred = fn) });
    const got: unknown[] = [];
    bridge.on('router.state', (s) => got.push(s));
    bridge.on('gateway.status', (s) => got.push(s));
    expect(calls.filter((c) => c.kind === 'send')).toEqual([]);
    deferred?.();
    expect(calls.filter((c) => c.kind === 'send')).toEqual([{ kind: 'send', channel: IPC_CHANNELS.ready, args: [] }]);
    listeners.get(IPC_CHANNELS.event)?.({}, 'router.state', { mode: 'direct' });
    expect(got).toEqual([{ mode: 'direct' }]);
  });

  it('streams over a transferred port, and cancel tells main and closes the port', async () => {
    const { ipc, calls } = fakeIpcRenderer(() => ({ result: null }));
    const bridge = createElectronBridge({ ipcRenderer: ipc, createChannel: channel });
    const parts: unknown[] = [];
    const handle = bridge.streamChat({ request: { messages: [{ role: 'user', content: 'hi' }] } }, (p) => parts.push(p));
    const post = calls.find((c) => c.kind === 'postMessage')!;
    expect(post.channel).toBe(IPC_CHANNELS.chatStream);
    const mainPort = (post.args[1] as import('node:worker_threads').MessagePort[])[0]!;
    const fromPage: unknown[] = [];
    mainPort.on('message', (m) => fromPage.push(m));
    const closed = new Promise<void>((resolve) => mainPort.on('close', () => resolve()));
    mainPort.postMessage({ type: 'part', part: { type: 'text-delta', text: 'he' }, meta: { conversationId: 'c' } });
    await new Promise((r) => setTimeout(r, 20));
    handle.cancel();
    await handle.done;
    await closed;
    expect(fromPage).toEqual([{ type: 'cancel' }]);
    expect(parts).toEqual([
      { type: 'text-delta', text: 'he' },
      { type: 'error', error: { code: 'CANCELLED', message: 'cancelled', retryable: false } },
    ]);
  });
});
