import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../../shared/errors';
import { FakeBridge } from '../demo/fake-bridge';
import { createRouterStore } from './router-store';

describe('router store', () => {
  it('a gateway that cannot list its models does not break the app: configured models stand in', async () => {
    const bridge = new FakeBridge();
    const working = bridge.router.listModels;
    bridge.router.listModels = async () => {
      throw new SwitchyardError('NETWORK_ERROR', 'cannot reach the gateway at http://127.0.0.1:12000/v1/models');
    };
    const store = createRouterStore(bridge);
    await store.getState().load();

    expect(store.getState().loadError).toBeUndefined();
    expect(store.getState().state?.mode).toBeDefined();
    expect(store.getState().modelsError).toMatchObject({ code: 'NETWORK_ERROR' });
    const configured = (await working()).map((m) => m.id);
    expect(configured.length).toBeGreaterThan(0);
    expect(store.getState().models.map((m) => m.id)).toEqual(configured);

    // The gateway comes up: the next router state asks for the list again and the error goes.
    bridge.router.listModels = async () => [{ id: 'openai/gpt-4o', provider: 'openai', source: 'gateway' }];
    await bridge.router.setMode({ mode: 'plano_proxy' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().modelsError).toBeUndefined();
    expect(store.getState().models).toEqual([{ id: 'openai/gpt-4o', provider: 'openai', source: 'gateway' }]);
    store.getState().dispose();
  });
});
