import type { SwitchyardBridge } from '../../../shared/api';
import { createChatStore } from './chat-store';
import { createCompareStore } from './compare-store';
import { createConversationsStore } from './conversations-store';
import { createGatewayStore } from './gateway-store';
import { createParamsStore } from './params-store';
import { createRouterStore } from './router-store';
import { createTrafficStore } from './traffic-store';

/** Every store, built around one bridge; tests build a fresh set per test with a fake bridge. */
export function createAppStores(bridge: SwitchyardBridge, storage: Storage | undefined = globalThis.localStorage) {
  const params = createParamsStore(storage);
  return {
    bridge,
    params,
    chat: createChatStore(bridge, params, storage),
    conversations: createConversationsStore(bridge),
    router: createRouterStore(bridge),
    gateway: createGatewayStore(bridge),
    compare: createCompareStore(bridge),
    traffic: createTrafficStore(bridge),
  };
}

export type AppStores = ReturnType<typeof createAppStores>;

export function disposeAppStores(stores: AppStores): void {
  stores.conversations.getState().dispose();
  stores.router.getState().dispose();
  stores.gateway.getState().dispose();
  stores.traffic.getState().dispose();
}
