import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_METHOD_NAMES, IPC_CHANNELS } from '../../shared/api-transport';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { FakeIpcRenderer, ipcTransport, OUR_SENDER, OUR_WEB_CONTENTS } from '../../../test/support/transports';
import { until } from '../../../test/support/until';

describe('registerApiIpc', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('registers exactly one handler per API method, on channels derived from the method list', async () => {
    const t = ipcTransport(app.core);
    expect([...t.ipcMain.handlers.keys()].sort()).toEqual(API_METHOD_NAMES.map((m) => IPC_CHANNELS.method(m)).sort());
    await t.close();
    expect(t.ipcMain.handlers.size).toBe(0);
  });

  it('answers a foreign sender with UNAUTHORIZED and runs nothing', async () => {
    const t = ipcTransport(app.core);
    const foreignFrame = new FakeIpcRenderer(t.ipcMain, { sender: OUR_WEB_CONTENTS, senderFrame: { url: 'https://evil.example/' } });
    const otherContents = new FakeIpcRenderer(t.ipcMain, { ...OUR_SENDER, sender: { id: 2 } });
    const goneFrame = new FakeIpcRenderer(t.ipcMain, { sender: OUR_WEB_CONTENTS, senderFrame: null });
    for (const renderer of [foreignFrame, otherContents, goneFrame]) {
      const reply = await renderer.invoke(IPC_CHANNELS.method('settings.save'), { config: { routing: { mode: 'plano_proxy' } } });
      expect(reply).toEqual({ error: expect.objectContaining({ code: 'UNAUTHORIZED' }) });
    }
    expect((await t.bridge.settings.get()).config.routing.mode).toBe('direct');
  });

  it('never throws across IPC: results and errors come back as envelopes', async () => {
    const t = ipcTransport(app.core);
    expect(await t.ipcRenderer.invoke(IPC_CHANNELS.method('history.list'))).toEqual({ result: [] });
    expect(await t.ipcRenderer.invoke(IPC_CHANNELS.method('history.get'), { id: 'missing' })).toEqual({
      error: { code: 'NOT_FOUND', message: 'conversation missing not found', retryable: false, details: { field: 'id' } },
    });
    expect(await t.ipcRenderer.invoke(IPC_CHANNELS.method('history.list'), {}, 'extra')).toEqual({
      error: expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    });
  });

  it('queues events until the page is ready, then delivers them in order; a reload queues again', async () => {
    const t = ipcTransport(app.core);
    const delivered: string[] = [];
    t.ipcRenderer.on(IPC_CHANNELS.event, (_e, name, payload) => delivered.push(`${String(name)}:${(payload as { phase?: string }).phase ?? ''}`));
    app.gateway.set({ phase: 'pulling' });
    app.gateway.set({ phase: 'starting' });
    expect(delivered).toEqual([]);
    t.ipcRenderer.send(IPC_CHANNELS.ready);
    expect(delivered.filter((d) => d.startsWith('gateway.status'))).toEqual(['gateway.status:pulling', 'gateway.status:starting']);
    t.pageReloading();
    app.gateway.set({ phase: 'ready' });
    expect(delivered.filter((d) => d.startsWith('gateway.status'))).toHaveLength(2);
    t.ipcRenderer.send(IPC_CHANNELS.ready);
    expect(delivered.filter((d) => d.startsWith('gateway.status'))).toHaveLength(3);
  });

  it('ignores a ready signal from a foreign sender', () => {
    const t = ipcTransport(app.core);
    const delivered: unknown[] = [];
    t.ipcRenderer.on(IPC_CHANNELS.event, (_e, name) => delivered.push(name));
    new FakeIpcRenderer(t.ipcMain, { sender: { id: 9 }, senderFrame: { url: 'file:///app/out/renderer/index.html' } }).send(IPC_CHANNELS.ready);
    app.gateway.set({ phase: 'ready' });
    expect(delivered).toEqual([]);
  });

  it('ends a stream from a foreign sender with UNAUTHORIZED before any request is made', async () => {
    const t = ipcTransport(app.core, { sender: { sender: { id: 3 }, senderFrame: { url: 'file:///app/out/renderer/index.html' } } });
    const parts: unknown[] = [];
    await t.bridge.streamChat({ request: { messages: [{ role: 'user', content: 'hi' }] } }, (p) => parts.push(p)).done;
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'UNAUTHORIZED' }) }]);
    expect(app.routers.requests).toHaveLength(0);
  });

  it('closing the port from the page aborts the upstream request', async () => {
    const t = ipcTransport(app.core);
    const parts: { type: string }[] = [];
    const handle = t.bridge.streamChat({ request: { messages: [{ role: 'user', content: 'slow one two three four five six' }] } }, (p) => parts.push(p));
    await until(() => parts.length >= 2);
    handle.cancel();
    await handle.done;
    await until(() => app.routers.aborts === 1);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'CANCELLED' } });
  });
});
