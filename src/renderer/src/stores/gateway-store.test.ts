import { describe, expect, it } from 'vitest';
import { FakeBridge } from '../demo/fake-bridge';
import { createGatewayStore, MAX_LOG_LINES } from './gateway-store';

describe('gateway store', () => {
  it('merges fetched and pushed logs without duplicates and caps them', async () => {
    const bridge = new FakeBridge();
    const store = createGatewayStore(bridge);
    await store.getState().load();
    const initial = store.getState().logs.length;
    expect(initial).toBe(30);
    bridge.emit('gateway.log', store.getState().logs.at(-1)!); // a duplicate seq is ignored
    expect(store.getState().logs).toHaveLength(initial);
    for (let i = 0; i < MAX_LOG_LINES + 10; i++) bridge.pushLog(`line ${i}`);
    expect(store.getState().logs).toHaveLength(MAX_LOG_LINES);
    expect(store.getState().logs.at(-1)!.text).toBe(`line ${MAX_LOG_LINES + 9}`);
    store.getState().dispose();
    bridge.pushLog('after dispose');
    expect(store.getState().logs.at(-1)!.text).not.toBe('after dispose');
    expect(bridge.listenerCount('gateway.log')).toBe(0);
  });

  it('keeps the action error with its code when the engine is missing', async () => {
    const store = createGatewayStore(new FakeBridge({ engineReachable: false }));
    await store.getState().run('start');
    expect(store.getState().actionError).toMatchObject({ code: 'CONTAINER_FAILED' });
    expect(store.getState().busy).toBeUndefined();
  });
});
