import { render } from '@testing-library/react';
import { App, type PageId } from '../app/app';
import { createAppStores, disposeAppStores, type AppStores } from '../stores/app-stores';
import { FakeBridge, type FakeBridgeOptions } from './fake-bridge';
import { MemoryStorage } from './memory-storage';

/** Renders the whole app on a fresh fake bridge and fresh stores (no shared state between tests). */
export function renderApp(options: FakeBridgeOptions & { page?: PageId; bridge?: FakeBridge } = {}) {
  const bridge = options.bridge ?? new FakeBridge(options);
  const stores: AppStores = createAppStores(bridge, new MemoryStorage());
  const result = render(<App stores={stores} initialPage={options.page ?? 'playground'} />);
  return {
    ...result,
    bridge,
    stores,
    cleanup() {
      result.unmount();
      disposeAppStores(stores);
    },
  };
}
